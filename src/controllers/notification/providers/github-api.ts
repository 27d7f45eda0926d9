import {
  type ForgeCall,
  forgeCall,
  parseGitAddress,
  repositorySegments,
  requireToken,
  seg,
} from './git-forge.ts';
import type { ProviderConfig } from './notifier.ts';

/** A GitHub repository a Provider names, and how to call its API. */
export interface GitHubRepository {
  /** `/repos/<owner>/<repo>`, the prefix of every repository call. */
  repo: string;
  client(signal: AbortSignal): ForgeCall;
}

/**
 * The GitHub API of a Provider's repository: `api.github.com` for `github.com`, `<host>/api/v3`
 * for GitHub Enterprise (as go-github's enterprise client), the token as a bearer token.
 */
export function gitHubRepository(config: ProviderConfig): GitHubRepository {
  const token = requireToken(config, 'github');
  const { host, id } = parseGitAddress(config.address);
  const [owner, repo] = repositorySegments(id, 2);
  const base = new URL(host).host === 'github.com' ? 'https://api.github.com' : `${host}/api/v3`;
  const headers = {
    Authorization: `Bearer ${token}`,
    Accept: 'application/vnd.github.v3+json',
    'X-GitHub-Api-Version': '2022-11-28',
  };
  return {
    repo: `/repos/${seg(owner)}/${seg(repo)}`,
    client: (signal) => forgeCall(config, base, headers, signal),
  };
}
