import { type OwnerRepository, ownerRepository } from './git-forge.ts';
import type { ProviderConfig } from './notifier.ts';

/**
 * The GitHub API of a Provider's repository: `api.github.com` for `github.com`, `<host>/api/v3`
 * for GitHub Enterprise (as go-github's enterprise client), the token as a bearer token.
 */
export function gitHubRepository(config: ProviderConfig): OwnerRepository {
  return ownerRepository(config, 'github', (host, token) => ({
    base: new URL(host).host === 'github.com' ? 'https://api.github.com' : `${host}/api/v3`,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/vnd.github.v3+json',
      'X-GitHub-Api-Version': '2022-11-28',
    },
  }));
}
