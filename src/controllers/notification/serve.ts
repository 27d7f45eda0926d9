import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../../runtime/logging/index.ts';
import { parseAddr } from '../../runtime/metrics/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';

/** A listening server of the notification controller. */
export interface Listening {
  port: number;
  /** `http://<host>:<port>/`, loopback when bound to every interface. */
  url: string;
  /** Closes the listener and every open connection. */
  close(): Promise<void>;
}

/**
 * Serves `handle` on `addr` (`host:port`, port 0 picks one). A handler that throws is logged and
 * answered 500: one bad request never takes the server down.
 */
export async function listenOn(
  addr: string,
  logger: Logger,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<Listening> {
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.error(toError(e), 'request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const { host, port } = parseAddr(addr);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host ?? '0.0.0.0', () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  const urlHost = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    port: bound,
    url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${bound}/`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
