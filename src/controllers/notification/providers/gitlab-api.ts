import { type ForgeCall, forgeCall, parseGitAddress, requireToken, seg } from './git-forge.ts';
import type { ProviderConfig } from './notifier.ts';

/** A GitLab project a Provider names, and how to call its API. */
export interface GitLabProject {
  /** `/projects/<url-encoded path>`, the prefix of every project call. */
  project: string;
  client(signal: AbortSignal): ForgeCall;
}

/**
 * The GitLab API (`<host>/api/v4`) of a Provider's project, addressed by its full path (groups
 * and subgroups kept), the token in `PRIVATE-TOKEN`.
 */
export function gitLabProject(config: ProviderConfig): GitLabProject {
  const token = requireToken(config, 'gitlab');
  const { host, id } = parseGitAddress(config.address);
  return {
    project: `/projects/${seg(id)}`,
    client: (signal) => forgeCall(config, `${host}/api/v4`, { 'PRIVATE-TOKEN': token }, signal),
  };
}
