import { changeRequestCommentNotifier } from './change-request-comment.ts';
import { gitHubRepository } from './github-api.ts';
import { gitHubAppLogin } from './github-app.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

interface GitHubComment {
  id: number;
  body?: string;
  user?: { login?: string };
}

/**
 * `githubpullrequestcomment`: one comment per object on the pull request the event names, kept
 * up to date (`/repos/<owner>/<repo>/issues/<n>/comments`, edited through
 * `/issues/comments/<id>`), written as the token's user (`GET /user`).
 */
export function githubPullRequestCommentNotifier(config: ProviderConfig): Notifier {
  const gh = gitHubRepository(config);
  return changeRequestCommentNotifier(config, 'flux-pr-comment-key', {
    client: gh.client,
    // an app comments as `<slug>[bot]`; its installation token cannot read `/user`
    currentUser: async (call, signal) =>
      config.githubApp && !config.token
        ? gitHubAppLogin(config.githubApp, config, signal)
        : ((await call<{ login?: string }>('GET', '/user'))?.login ?? ''),
    list: async (call, n) =>
      (
        (await call<GitHubComment[]>(
          'GET',
          `${gh.repo}/issues/${n}/comments?sort=created&direction=asc&per_page=100`,
        )) ?? []
      ).map((c) => ({ id: c.id, author: c.user?.login ?? '', body: c.body ?? '' })),
    update: async (call, _n, id, body) => {
      await call('PATCH', `${gh.repo}/issues/comments/${id}`, { body });
    },
    create: async (call, n, body) => {
      await call('POST', `${gh.repo}/issues/${n}/comments`, { body });
    },
  });
}
