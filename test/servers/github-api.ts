import type { IncomingMessage } from 'node:http';
import { authorized, challenge, type RunningHttpServer, startHttpServer } from './http-server.ts';

/** A pull request as the fake API keeps it (the fields of GitHub's answer a client reads). */
export interface FakePullRequest {
  number: number;
  html_url: string;
  state: 'open' | 'closed';
  title: string;
  body: string;
  head: { ref: string };
  base: { ref: string };
  /** `owner/repo` of the request. */
  repository: string;
}

/** The fake API: the server, and every pull request opened through it. */
export interface FakeGitHubApi extends RunningHttpServer {
  pulls: FakePullRequest[];
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

/**
 * Plays the part of GitHub's REST API that opens pull requests: `GET /repos/{owner}/{repo}/pulls`
 * (filtered by `state`, `head` as `owner:branch`, `base`) and `POST /repos/{owner}/{repo}/pulls`
 * (`title`, `head`, `base`, `body`; 422 when an open request has the same head and base, as
 * GitHub answers). Every call needs `Authorization: Bearer <token>`.
 */
export async function startFakeGitHubApi(options: { token: string }): Promise<FakeGitHubApi> {
  const pulls: FakePullRequest[] = [];
  const auth = { bearerToken: options.token };
  const server = await startHttpServer('github-api', (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!authorized(req, auth)) return challenge(res, auth, 'github');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    if (!m) return send(404, { message: 'Not Found' });
    const repository = `${m[1]}/${m[2]}`;
    const ofRepo = pulls.filter((p) => p.repository === repository);
    if (req.method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      return send(
        200,
        ofRepo.filter(
          (p) =>
            (state === 'all' || p.state === state) &&
            (!head || `${m[1]}:${p.head.ref}` === head) &&
            (!base || p.base.ref === base),
        ),
      );
    }
    if (req.method !== 'POST') return send(405, { message: 'Method Not Allowed' });
    readJson(req).then(
      (body) => {
        const { title, head, base } = body as { title?: string; head?: string; base?: string };
        if (!title || !head || !base) return send(422, { message: 'Validation Failed' });
        if (ofRepo.some((p) => p.state === 'open' && p.head.ref === head && p.base.ref === base))
          return send(422, { message: `A pull request already exists for ${m[1]}:${head}.` });
        const number = pulls.length + 1;
        const pr: FakePullRequest = {
          number,
          html_url: `https://github.invalid/${repository}/pull/${number}`,
          state: 'open',
          title,
          body: String(body.body ?? ''),
          head: { ref: head },
          base: { ref: base },
          repository,
        };
        pulls.push(pr);
        send(201, pr);
      },
      () => send(400, { message: 'Problems parsing JSON' }),
    );
  });
  return Object.assign(server, { pulls });
}
