import { type OwnerRepository, ownerRepository } from './git-forge.ts';
import { gitHubAppToken } from './github-app.ts';
import type { ProviderConfig } from './notifier.ts';

/**
 * The GitHub API of a Provider's repository: `api.github.com` for `github.com`, `<host>/api/v3`
 * for GitHub Enterprise (as go-github's enterprise client), the Secret's `token` as a bearer
 * token, or else an installation token of the GitHub App the Secret names.
 */
export function gitHubRepository(config: ProviderConfig): OwnerRepository {
  const app = config.githubApp;
  if (!config.token && !app) throw new Error('github token or github app details must be specified');
  return ownerRepository(
    config,
    'github',
    (host) => ({
      base: new URL(host).host === 'github.com' ? 'https://api.github.com' : `${host}/api/v3`,
      headers: (token) => ({
        Authorization: `Bearer ${token}`,
        Accept: 'application/vnd.github.v3+json',
        'X-GitHub-Api-Version': '2022-11-28',
      }),
    }),
    app && ((signal) => gitHubAppToken(app, config, signal)),
  );
}
