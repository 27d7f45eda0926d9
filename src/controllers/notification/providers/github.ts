import { commitStatusNotifier, severityState } from './commit-status.ts';
import { seg } from './git-forge.ts';
import { gitHubRepository } from './github-api.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

interface GitHubStatus {
  context?: string;
  state?: string;
  description?: string;
}

/**
 * `github`: a commit status (`POST /repos/<owner>/<repo>/statuses/<sha>`) whose context is the
 * status key, `success` or `failure`; the newest status of that context is read first
 * (GitHub lists newest first) and an identical one is not written again.
 */
export function githubNotifier(config: ProviderConfig): Notifier {
  const gh = gitHubRepository(config);
  return commitStatusNotifier(config, {
    state: severityState('github', { info: 'success', error: 'failure' }),
    client: gh.client,
    async isSet(call, sha, status) {
      const list = await call<GitHubStatus[]>('GET', `${gh.repo}/commits/${seg(sha)}/statuses?per_page=50`);
      const latest = (list ?? []).find(
        (s) => s.context && s.state && s.description && s.context === status.key,
      );
      return !!latest && latest.state === status.state && latest.description === status.description;
    },
    async create(call, sha, status) {
      await call('POST', `${gh.repo}/statuses/${seg(sha)}`, {
        state: status.state,
        context: status.key,
        description: status.description,
      });
    },
  });
}
