import type { FluxEvent } from '../../../runtime/events/index.ts';
import { commitStatusNotifier, severityState } from './commit-status.ts';
import { seg } from './git-forge.ts';
import { giteaRepository } from './gitea-api.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

interface GiteaStatus {
  context?: string;
  status?: string;
  state?: string;
  description?: string;
}

const bySeverity = severityState('gitea', { info: 'success', error: 'failure' });

/** Gitea's state of an event: a progressing reconciliation is `pending`. */
export function giteaState(event: FluxEvent): string {
  return event.reason === 'Progressing' ? 'pending' : bySeverity(event);
}

/**
 * `gitea`: a commit status (`POST /repos/<owner>/<repo>/statuses/<sha>`) whose context is the
 * status key, `pending` while progressing, then `success` or `failure`; the newest status of that
 * context is read first and an identical one is not written again.
 */
export function giteaNotifier(config: ProviderConfig): Notifier {
  const gt = giteaRepository(config);
  return commitStatusNotifier(config, {
    state: giteaState,
    reportsProgressing: true,
    client: gt.client,
    async isSet(call, sha, status) {
      const list = await call<GiteaStatus[]>(
        'GET',
        `${gt.repo}/commits/${seg(sha)}/statuses?page=0&limit=50`,
      );
      // Gitea names the state `status` in its answers (and accepts `state` in requests)
      const latest = (list ?? []).find((s) => s.context && s.description && s.context === status.key);
      return (
        !!latest &&
        (latest.status ?? latest.state) === status.state &&
        latest.description === status.description
      );
    },
    async create(call, sha, status) {
      await call('POST', `${gt.repo}/statuses/${seg(sha)}`, {
        state: status.state,
        target_url: '',
        description: status.description,
        context: status.key,
      });
    },
  });
}
