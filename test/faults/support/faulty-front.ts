// An HTTP front for a test server (git, artifacts) that the fault cases switch between behaviours
// while a controller talks to it: pass requests through, answer 5xx, refuse (drop the connection)
// or hang without answering. It timestamps every request, so a case can measure a retry schedule.
import { createServer, request } from 'node:http';
import type { TestContext } from 'node:test';
import { listenLoopback } from './loopback.ts';

/** What the front does with the next requests. */
export type FrontMode = 'pass' | '503' | 'drop' | 'hang';

/** A running front: its base URL, the mode to switch, and the requests it saw. */
export interface FaultyFront {
  url: string;
  mode: FrontMode;
  seen: { at: number; method: string; path: string; mode: FrontMode }[];
}

/**
 * Starts a front on a free loopback port forwarding to `targetUrl` (an `http://` base URL) in
 * `pass` mode; stopped, hanging requests included, when the test ends.
 */
export async function startFaultyFront(t: TestContext, targetUrl: string): Promise<FaultyFront> {
  const target = new URL(targetUrl);
  const front: FaultyFront = { url: '', mode: 'pass', seen: [] };
  const server = createServer((req, res) => {
    const mode = front.mode;
    front.seen.push({ at: Date.now(), method: req.method ?? 'GET', path: req.url ?? '/', mode });
    if (mode === 'drop') {
      req.socket.destroy();
      return;
    }
    if (mode === 'hang') return;
    if (mode === '503') {
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable\n');
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  front.url = `http://127.0.0.1:${await listenLoopback(t, server)}`;
  return front;
}

/** The gaps between consecutive timestamps, in ms. */
export const gaps = (times: number[]) => times.slice(1).map((at, i) => at - times[i]);
