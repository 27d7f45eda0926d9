import { createServer } from 'node:net';

/**
 * Asks the kernel for a free TCP port on loopback. The port is released before it is returned, so
 * another process could take it first; the caller's server start then fails loudly and is retried.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
