import { commitStatusNotifier, severityState } from './commit-status.ts';
import { seg } from './git-forge.ts';
import { gitLabProject } from './gitlab-api.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

interface GitLabStatus {
  name?: string;
  status?: string;
  description?: string;
}

/**
 * `gitlab`: a commit status (`POST /projects/<id>/statuses/<sha>`) named by the status key,
 * `success` or `failed`; the commit's statuses of that name are read first and an identical
 * one is not written again.
 */
export function gitlabNotifier(config: ProviderConfig): Notifier {
  const gl = gitLabProject(config);
  return commitStatusNotifier(config, {
    state: severityState('gitlab', { info: 'success', error: 'failed' }),
    client: gl.client,
    async isSet(call, sha, status) {
      const list = await call<GitLabStatus[]>(
        'GET',
        `${gl.project}/repository/commits/${seg(sha)}/statuses?name=${seg(status.key)}`,
      );
      return (list ?? []).some(
        (s) => s.status === status.state && s.description === status.description && s.name === status.key,
      );
    },
    async create(call, sha, status) {
      await call('POST', `${gl.project}/statuses/${seg(sha)}`, {
        state: status.state,
        name: status.key,
        description: status.description,
      });
    },
  });
}
