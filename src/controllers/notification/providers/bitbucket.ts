import { createHash } from 'node:crypto';
import { basicAuthorization } from './basic-auth.ts';
import { commitStatusNotifier, severityState } from './commit-status.ts';
import { forgeCall, parseGitAddress, repositorySegments, requireToken, seg } from './git-forge.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { answeredNotFound } from './post.ts';

/** Bitbucket Cloud's API, as its clients default to it (`BITBUCKET_API_BASE_URL` overrides it). */
export const BitbucketApi = 'https://api.bitbucket.org/2.0';

/** A build status key: Bitbucket takes at most 40 characters, so the status key is hashed (SHA-1 hex). */
export const bitbucketKey = (key: string) => createHash('sha1').update(key).digest('hex');

/**
 * `bitbucket` (Cloud): a build status (`POST /repositories/<owner>/<repo>/commit/<sha>/statuses/build`)
 * keyed by the hashed status key, `SUCCESSFUL` or `FAILED`, authenticated with the Secret's
 * `token` as `<user>:<app password>`; the status under that key is read first (a 404 means none)
 * and an identical one is not written again.
 */
export function bitbucketNotifier(
  config: ProviderConfig,
  api = process.env.BITBUCKET_API_BASE_URL || BitbucketApi,
): Notifier {
  const token = requireToken(config, 'bitbucket');
  const colon = token.indexOf(':');
  if (colon < 0 || token.indexOf(':', colon + 1) >= 0)
    throw new Error('invalid token format, expected to be <user>:<password>');
  const auth = basicAuthorization(token.slice(0, colon), token.slice(colon + 1));
  const [owner, repo] = repositorySegments(parseGitAddress(config.address).id, 2);
  const statuses = (sha: string) =>
    `/repositories/${seg(owner)}/${seg(repo)}/commit/${seg(sha)}/statuses/build`;
  return commitStatusNotifier(config, {
    state: severityState('bitbucket', { info: 'SUCCESSFUL', error: 'FAILED' }),
    client: (signal) => forgeCall(config, api, { Authorization: auth }, signal),
    async isSet(call, sha, status) {
      let existing: { state?: string; description?: string } | undefined;
      try {
        existing = await call('GET', `${statuses(sha)}/${bitbucketKey(status.key)}`);
      } catch (e: unknown) {
        if (answeredNotFound(e)) return false;
        throw e;
      }
      return existing?.state === status.state && existing?.description === status.description;
    },
    async create(call, sha, status) {
      await call('POST', statuses(sha), {
        state: status.state,
        key: bitbucketKey(status.key),
        name: status.name,
        description: status.description,
        url: 'https://bitbucket.org',
      });
    },
  });
}
