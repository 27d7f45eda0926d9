import { type OwnerRepository, ownerRepository } from './git-forge.ts';
import type { ProviderConfig } from './notifier.ts';

/** The Gitea (or Forgejo) API (`<host>/api/v1`) of a Provider's repository, the token as `Authorization: token`. */
export function giteaRepository(config: ProviderConfig): OwnerRepository {
  return ownerRepository(config, 'gitea', (host) => ({
    base: `${host}/api/v1`,
    headers: (token) => ({ Authorization: `token ${token}` }),
  }));
}
