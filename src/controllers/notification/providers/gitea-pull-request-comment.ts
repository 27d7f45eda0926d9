import { changeRequestCommentNotifier } from './change-request-comment.ts';
import { giteaRepository } from './gitea-api.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

interface GiteaComment {
  id: number;
  body?: string;
  user?: { login?: string };
}

/**
 * `giteapullrequestcomment`: one comment per object on the pull request the event names, kept up
 * to date (`/repos/<owner>/<repo>/issues/<n>/comments`, edited through `/issues/comments/<id>`),
 * written as the token's user (`GET /user`).
 */
export function giteaPullRequestCommentNotifier(config: ProviderConfig): Notifier {
  const gt = giteaRepository(config);
  return changeRequestCommentNotifier(config, 'flux-pr-comment-key', {
    client: gt.client,
    currentUser: async (call) => (await call<{ login?: string }>('GET', '/user'))?.login ?? '',
    list: async (call, n) =>
      ((await call<GiteaComment[]>('GET', `${gt.repo}/issues/${n}/comments?page=1&limit=100`)) ?? []).map(
        (c) => ({ id: c.id, author: c.user?.login ?? '', body: c.body ?? '' }),
      ),
    update: async (call, _n, id, body) => {
      await call('PATCH', `${gt.repo}/issues/comments/${id}`, { body });
    },
    create: async (call, n, body) => {
      await call('POST', `${gt.repo}/issues/${n}/comments`, { body });
    },
  });
}
