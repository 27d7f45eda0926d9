// A plain-HTTP proxy in front of the test API server, for the fault cases: the manager under test
// talks to it (through the kubeconfig it writes), it forwards each request over the API server's
// mutual TLS with the test credentials, records every request it sees, and lets the test answer a
// request itself instead (a 429, a dropped connection) or act the moment a request arrives (kill
// the manager in the middle of an apply).

import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type ClusterAccess, loadKubeconfig, renderKubeconfig } from '../../../src/runtime/kube/index.ts';
import { listenLoopback } from './loopback.ts';

/** One request the proxy saw: when, what, and whether it was a server-side apply or a dry run. */
export interface SeenRequest {
  at: number;
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  watch: boolean;
}

/**
 * What the test does with a request: `undefined` forwards it, a number answers that status
 * (with `headers`), `'drop'` destroys the connection without an answer.
 */
export type Intercept = (
  req: SeenRequest,
) => undefined | 'drop' | { status: number; headers?: Record<string, string> };

/** A running proxy: its kubeconfig, what it saw, and the hook the test sets. */
export interface ApiProxy {
  kubeconfig: string;
  seen: SeenRequest[];
  intercept?: Intercept;
  /** Ends every watch stream open through the proxy (as a cut connection would); returns how many. */
  endWatches(): number;
}

/** Tells whether a request is a real (not dry-run) server-side apply. */
export const isApply = (r: SeenRequest) =>
  r.method === 'PATCH' && r.contentType.startsWith('application/apply-patch') && !r.query.has('dryRun');

/** Tells whether a request is a LIST (a GET of a collection that is not a watch). */
export const isList = (r: SeenRequest, resource: string) =>
  r.method === 'GET' && !r.watch && new RegExp(`/${resource}$`).test(r.path);

function forward(
  access: ClusterAccess,
  req: IncomingMessage,
  res: ServerResponse,
  watches?: Set<ServerResponse>,
): void {
  const target = new URL(req.url ?? '/', access.server);
  const upstream = httpsRequest(
    target,
    {
      method: req.method,
      headers: { ...req.headers, host: target.host },
      ca: access.ca,
      cert: access.cert,
      key: access.key,
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      if (watches) {
        watches.add(res);
        res.on('close', () => watches.delete(res));
      }
      // a watch the client gives up on must not keep the upstream stream open, and a watch the
      // API server drops (it was stopped) must end for the client too: pipe() leaves it open
      res.on('close', () => up.destroy());
      up.on('close', () => {
        if (!up.complete) res.destroy();
      });
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.destroy();
  });
  req.pipe(upstream);
}

/**
 * Starts a proxy to the API server of `kubeconfig` on a free loopback port, writing its own
 * kubeconfig into `dir`; stopped (and every open watch ended) when the test ends.
 */
export async function startApiProxy(t: TestContext, kubeconfig: string, dir: string): Promise<ApiProxy> {
  const access = loadKubeconfig(kubeconfig);
  const watches = new Set<ServerResponse>();
  const proxy: ApiProxy = {
    kubeconfig: join(dir, 'proxy-kubeconfig'),
    seen: [],
    endWatches: () => {
      const n = watches.size;
      for (const res of watches) res.destroy();
      return n;
    },
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const seen: SeenRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      contentType: String(req.headers['content-type'] ?? ''),
      watch: url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1',
    };
    proxy.seen.push(seen);
    const answer = proxy.intercept?.(seen);
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    if (answer) {
      req.resume();
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: answer.status }));
      return;
    }
    forward(access, req, res, seen.watch ? watches : undefined);
  });
  const port = await listenLoopback(t, server);
  writeFileSync(
    proxy.kubeconfig,
    renderKubeconfig({
      name: 'faults-proxy',
      server: `http://127.0.0.1:${port}`,
      ca: access.ca ?? '',
      cert: access.cert ?? '',
      key: access.key ?? '',
    }),
  );
  return proxy;
}
