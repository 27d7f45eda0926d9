import { changeRequestCommentNotifier } from './change-request-comment.ts';
import { gitLabProject } from './gitlab-api.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

interface GitLabNote {
  id: number;
  body?: string;
  author?: { username?: string };
}

/**
 * `gitlabmergerequestcomment`: one note per object on the merge request the event names, kept up
 * to date (`/projects/<id>/merge_requests/<iid>/notes`), written as the token's user (`GET /user`).
 */
export function gitlabMergeRequestCommentNotifier(config: ProviderConfig): Notifier {
  const gl = gitLabProject(config);
  const notes = (n: number) => `${gl.project}/merge_requests/${n}/notes`;
  return changeRequestCommentNotifier(config, 'flux-mr-comment-key', {
    client: gl.client,
    currentUser: async (call) => (await call<{ username?: string }>('GET', '/user'))?.username ?? '',
    list: async (call, n) =>
      ((await call<GitLabNote[]>('GET', `${notes(n)}?sort=asc&order_by=created_at&per_page=100`)) ?? []).map(
        (c) => ({ id: c.id, author: c.author?.username ?? '', body: c.body ?? '' }),
      ),
    update: async (call, n, id, body) => {
      await call('PUT', `${notes(n)}/${id}`, { body });
    },
    create: async (call, n, body) => {
      await call('POST', notes(n), { body });
    },
  });
}
