import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';

/**
 * Serves the artifact store's files over plain HTTP (`--storage-addr`), as Flux's source
 * controller does: GET and HEAD of a file by its artifact path, nothing else (no listings, no
 * paths outside the root).
 */
export async function startStorageServer(
  root: string,
  host: string,
  port: number,
): Promise<{ server: Server; port: number }> {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = resolve(base, `.${path}`);
    if (!file.startsWith(base + sep)) {
      res.writeHead(404).end();
      return;
    }
    let size: number;
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    const type = file.endsWith('.yaml')
      ? 'application/x-yaml'
      : file.endsWith('.tgz') || file.endsWith('.gz')
        ? 'application/gzip'
        : 'application/octet-stream';
    res.writeHead(200, { 'Content-Length': String(size), 'Content-Type': type });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
