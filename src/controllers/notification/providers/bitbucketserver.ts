import { basicAuthorization } from './basic-auth.ts';
import { bitbucketKey } from './bitbucket.ts';
import { commitStatusNotifier, severityState } from './commit-status.ts';
import { forgeCall, repositorySegments, seg } from './git-forge.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { answeredNotFound } from './post.ts';

/**
 * The commits endpoint of a Bitbucket Server (Data Center) clone URL: the path before the last
 * `/scm/` is the server's context path, after it `<project>/<repo>`.
 */
export function bitbucketServerCommits(address: string): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error('could not parse git address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(
      `could not parse git address: unsupported scheme type in address: ${url.protocol.slice(0, -1)}. Must be http or https`,
    );
  const path = url.pathname.replace(/\.git$/, '');
  const at = path.lastIndexOf('/scm/');
  if (at < 0)
    throw new Error('could not parse git address: supplied provider address is not http(s) git clone url');
  const [project, repo] = repositorySegments(path.slice(at + '/scm/'.length), 2);
  return `${url.protocol}//${url.host}${path.slice(0, at)}/rest/api/latest/projects/${seg(project)}/repos/${seg(repo)}/commits`;
}

/**
 * `bitbucketserver`: a build status (`POST .../commits/<sha>/builds`) keyed by the hashed status
 * key, named `<kind/name> [<description>]` (the server shows only the name), linking back to the
 * Provider's address; a bearer `token` or the Secret's `username`/`password`. The status under
 * that key is read first (`?key=`; a 404 means none) and an identical one is not written again.
 */
export function bitbucketServerNotifier(config: ProviderConfig): Notifier {
  const commits = bitbucketServerCommits(config.address);
  let auth: string;
  if (config.token) auth = `Bearer ${config.token}`;
  else if (config.username && config.password) auth = basicAuthorization(config.username, config.password);
  else throw new Error('invalid credentials, expected to be one of username/password or API Token');
  const headers = {
    Authorization: auth,
    'x-atlassian-token': 'no-check',
    'x-requested-with': 'XMLHttpRequest',
  };
  const builds = (sha: string) => `/${seg(sha)}/builds`;
  const named = (s: { name: string; description: string }) => `${s.name} [${s.description}]`;
  return commitStatusNotifier(config, {
    state: severityState('bitbucket server', { info: 'SUCCESSFUL', error: 'FAILED' }),
    client: (signal) => forgeCall(config, commits, headers, signal),
    async isSet(call, sha, status) {
      const key = bitbucketKey(status.key);
      let existing: { key?: string; state?: string; description?: string; name?: string } | undefined;
      try {
        existing = await call('GET', `${builds(sha)}?key=${key}`);
      } catch (e: unknown) {
        if (answeredNotFound(e)) return false;
        throw e;
      }
      return (
        existing?.key === key &&
        existing.state === status.state &&
        existing.description === status.description &&
        existing.name === named(status)
      );
    },
    async create(call, sha, status) {
      await call('POST', builds(sha), {
        key: bitbucketKey(status.key),
        state: status.state,
        url: config.address,
        description: status.description,
        name: named(status),
      });
    },
  });
}
