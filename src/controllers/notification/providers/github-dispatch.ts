import { gitHubRepository } from './github-api.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

/**
 * `githubdispatch`: a `repository_dispatch` (`POST /repos/<owner>/<repo>/dispatches`) whose
 * `event_type` is `Kind/name.namespace` and whose `client_payload` is the whole event, so a
 * GitHub Actions workflow can react to it. Commit-status-only events are not sent.
 */
export function githubDispatchNotifier(config: ProviderConfig): Notifier {
  const gh = gitHubRepository(config);
  return {
    post: async (event, signal) => {
      if (event.metadata?.commit_status === 'update') return;
      const o = event.involvedObject;
      await gh.client(signal)('POST', `${gh.repo}/dispatches`, {
        event_type: `${o.kind ?? ''}/${o.name ?? ''}.${o.namespace ?? ''}`,
        client_payload: event,
      });
    },
  };
}
