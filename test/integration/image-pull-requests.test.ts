// The pull request client of the image automation (docs/image-pull-requests.md) against small
// local servers that answer as Gitea and GitLab do: the requests each API is sent, and an open
// request found instead of a second one opened. GitHub is checked end to end in
// image-automation.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensurePullRequest, type PullRequestConfig } from '../../src/controllers/image/index.ts';
import { startHttpServer } from '../servers/index.ts';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A server that records every call and answers from `answer`. */
async function recordingApi(answer: (method: string, url: string) => { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const server = await startHttpServer('pr-api', (req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      });
      const a = answer(req.method ?? '', req.url ?? '');
      res.writeHead(a.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  return { server, seen };
}

const input = { head: 'image-app', base: 'main', message: 'Update app\n\nv1 -> v2\n' };

test('gitea: the open requests are listed, then one is opened with the token scheme', async (t) => {
  const { server, seen } = await recordingApi((method) =>
    method === 'GET'
      ? { status: 200, body: [{ html_url: 'x', head: { ref: 'other' }, base: { ref: 'main' } }] }
      : { status: 201, body: { html_url: 'https://gitea.invalid/team/fleet/pulls/7' } },
  );
  t.after(() => server.stop());
  const config: PullRequestConfig = {
    provider: 'gitea',
    api: server.url,
    repository: 'team/fleet',
    token: 't0k',
  };
  assert.deepEqual(await ensurePullRequest(config, input), {
    url: 'https://gitea.invalid/team/fleet/pulls/7',
    created: true,
  });
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.url}`),
    ['GET /repos/team/fleet/pulls?state=open', 'POST /repos/team/fleet/pulls'],
  );
  assert.equal(seen[1].headers.authorization, 'token t0k');
  assert.deepEqual(seen[1].body, { title: 'Update app', head: 'image-app', base: 'main', body: 'v1 -> v2' });
});

test('gitlab: an open merge request from the branch is kept; its URL is returned', async (t) => {
  const { server, seen } = await recordingApi(() => ({
    status: 200,
    body: [{ web_url: 'https://gitlab.invalid/team/fleet/-/merge_requests/3' }],
  }));
  t.after(() => server.stop());
  const config: PullRequestConfig = {
    provider: 'gitlab',
    api: server.url,
    repository: 'team/fleet',
    token: 't0k',
  };
  assert.deepEqual(await ensurePullRequest(config, input), {
    url: 'https://gitlab.invalid/team/fleet/-/merge_requests/3',
    created: false,
  });
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.url}`),
    ['GET /projects/team%2Ffleet/merge_requests?state=opened&source_branch=image-app&target_branch=main'],
  );
  assert.equal(seen[0].headers['private-token'], 't0k');
});

test('gitlab: a merge request is opened with source and target branches; a refusal is a PullRequestFailed', async (t) => {
  let refuse = false;
  const { server, seen } = await recordingApi((method) =>
    method === 'GET'
      ? { status: 200, body: [] }
      : refuse
        ? { status: 403, body: { message: '403 Forbidden' } }
        : { status: 201, body: { web_url: 'https://gitlab.invalid/mr/4' } },
  );
  t.after(() => server.stop());
  const config: PullRequestConfig = {
    provider: 'gitlab',
    api: server.url,
    repository: 'team/fleet',
    token: 't0k',
  };
  assert.equal((await ensurePullRequest(config, input)).url, 'https://gitlab.invalid/mr/4');
  assert.deepEqual(seen[1].body, {
    source_branch: 'image-app',
    target_branch: 'main',
    title: 'Update app',
    description: 'v1 -> v2',
  });
  refuse = true;
  await assert.rejects(ensurePullRequest(config, input), (e: Error & { reason?: string }) => {
    assert.equal(e.reason, 'PullRequestFailed');
    assert.match(
      e.message,
      /^failed to open pull request from 'image-app' to 'main': POST \/projects\/team%2Ffleet\/merge_requests: 403 /,
    );
    return true;
  });
});
