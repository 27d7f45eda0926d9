import { basicAuthorization } from './basic-auth.ts';
import { commitStatusNotifier, severityState } from './commit-status.ts';
import { forgeCall, parseGitAddress, repositorySegments, requireToken, seg } from './git-forge.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

/** The genre Flux files its Azure DevOps statuses under. */
const Genre = 'fluxcd';

interface AzureDevOpsStatus {
  state?: string;
  description?: string;
  context?: { name?: string; genre?: string };
}

/**
 * `azuredevops`: a commit status (`POST <org>/<project>/_apis/git/repositories/<repo>/commits/<sha>/statuses`)
 * in the `fluxcd` genre named by the status key, `succeeded` or `error`, authenticated with the
 * token as a personal access token; the newest status of that name and genre is read first and an
 * identical one is not written again. The address is the clone URL
 * `https://dev.azure.com/<org>/<project>/_git/<repo>`.
 */
export function azureDevOpsNotifier(config: ProviderConfig): Notifier {
  const token = requireToken(config, 'azure devops');
  const { host, id } = parseGitAddress(config.address);
  const [org, project, , repo] = repositorySegments(id, 4);
  const base = `${host}/${seg(org)}/${seg(project)}/_apis/git/repositories/${seg(repo)}`;
  const statuses = (sha: string) => `/commits/${seg(sha)}/statuses?api-version=6.0`;
  return commitStatusNotifier(config, {
    state: severityState('azure devops', { info: 'succeeded', error: 'error' }),
    client: (signal) => forgeCall(config, base, { Authorization: basicAuthorization('', token) }, signal),
    async isSet(call, sha, status) {
      const list = await call<{ value?: AzureDevOpsStatus[] }>('GET', statuses(sha));
      const latest = (list?.value ?? []).find(
        (s) => s.context?.name === status.key && s.context?.genre === Genre,
      );
      return !!latest && latest.state === status.state && latest.description === status.description;
    },
    async create(call, sha, status) {
      await call('POST', statuses(sha), {
        state: status.state,
        description: status.description,
        context: { genre: Genre, name: status.key },
      });
    },
  });
}
