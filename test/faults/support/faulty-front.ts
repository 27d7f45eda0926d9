// An HTTP front for a test server (git, artifacts) that the fault cases switch between behaviours
// while a controller talks to it: pass requests through, answer 5xx, refuse (drop the connection)
// hang without answering, answer late, or cut every answer off halfway through its body. It
// timestamps every request, so a case can measure a retry schedule.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { TestContext } from 'node:test';
import { listenLoopback } from './loopback.ts';

/** What the front does with the next requests. */
export type FrontMode = 'pass' | '503' | 'drop' | 'hang' | 'slow' | 'truncate';

/** A running front: its base URL, the mode to switch, and the requests it saw. */
export interface FaultyFront {
  url: string;
  mode: FrontMode;
  /** How long `slow` waits before passing a request on; default 10 s. */
  delayMs: number;
  /** Which request paths `truncate` cuts short (the others pass); default all. */
  truncates: RegExp;
  seen: { at: number; method: string; path: string; mode: FrontMode }[];
}

/**
 * Starts a front on a free loopback port forwarding to `targetUrl` (an `http://` base URL) in
 * `pass` mode; stopped, hanging requests included, when the test ends. With `keepHost` the Host
 * header is passed on as the client sent it (S3 signs it).
 */
export async function startFaultyFront(
  t: TestContext,
  targetUrl: string,
  options: { keepHost?: boolean } = {},
): Promise<FaultyFront> {
  const target = new URL(targetUrl);
  const front: FaultyFront = { url: '', mode: 'pass', delayMs: 10_000, truncates: /./, seen: [] };
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
    if (mode === 'slow') {
      const timer = setTimeout(() => forward(target, req, res, false, options.keepHost), front.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    forward(target, req, res, mode === 'truncate' && front.truncates.test(req.url ?? '/'), options.keepHost);
  });
  front.url = `http://127.0.0.1:${await listenLoopback(t, server)}`;
  return front;
}

/**
 * Passes one request on to `target`; with `truncate`, the answer keeps its status and headers
 * (its Content-Length included) but the connection is cut after half of its body, whether its
 * length was announced or it came in chunks.
 */
function forward(
  target: URL,
  req: IncomingMessage,
  res: ServerResponse,
  truncate: boolean,
  keepHost = false,
): void {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: keepHost ? req.headers : { ...req.headers, host: target.host },
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      if (!truncate) {
        up.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        // half of the body, then the connection is cut (a chunked answer, e.g. git's pack, too)
        const body = Buffer.concat(chunks);
        if (body.length < 2) return void res.end(body);
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      });
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

/** The gaps between consecutive timestamps, in ms. */
export const gaps = (times: number[]) => times.slice(1).map((at, i) => at - times[i]);
