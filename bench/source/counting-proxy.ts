// A transparent HTTP proxy in front of the test registry that counts what clients ask for:
// manifest checks (HEAD/GET /v2/<repo>/manifests/<ref>), blob downloads and tag listings.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running counting proxy. */
export interface CountingProxy {
  port: number;
  counts(): Record<string, number>;
  stop(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding every request to `127.0.0.1:<target>`. */
export async function startCountingProxy(target: number): Promise<CountingProxy> {
  const c: Record<string, number> = { 'manifest HEAD/GET': 0, 'blob GET': 0, 'tags list': 0, other: 0 };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (/\/manifests\//.test(url)) c['manifest HEAD/GET']++;
    else if (/\/blobs\/sha256:/.test(url) && req.method === 'GET') c['blob GET']++;
    else if (/\/tags\/list/.test(url)) c['tags list']++;
    else c.other++;
    const upstream = request(
      { host: '127.0.0.1', port: target, method: req.method, path: url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    counts: () => ({ ...c }),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
