import {
  type ForgeCall,
  forgeCall,
  parseGitAddress,
  repositorySegments,
  requireToken,
  seg,
} from './git-forge.ts';
import type { ProviderConfig } from './notifier.ts';

/** A Gitea (or Forgejo) repository a Provider names, and how to call its API. */
export interface GiteaRepository {
  /** `/repos/<owner>/<repo>`, the prefix of every repository call. */
  repo: string;
  client(signal: AbortSignal): ForgeCall;
}

/** The Gitea API (`<host>/api/v1`) of a Provider's repository, the token as `Authorization: token`. */
export function giteaRepository(config: ProviderConfig): GiteaRepository {
  const token = requireToken(config, 'gitea');
  const { host, id } = parseGitAddress(config.address);
  const [owner, repo] = repositorySegments(id, 2);
  return {
    repo: `/repos/${seg(owner)}/${seg(repo)}`,
    client: (signal) => forgeCall(config, `${host}/api/v1`, { Authorization: `token ${token}` }, signal),
  };
}
