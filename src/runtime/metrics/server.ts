import { createServer, type Server } from 'node:http';
import type { Registry } from './registry.ts';

/** Flux's `--metrics-addr` default. */
export const DefaultMetricsAddr = ':8080';
/** Flux's `--health-addr` default. */
export const DefaultHealthAddr = ':9440';

/** Splits `host:port` / `:port` as Go's net.Listen reads it ('' host = all interfaces). */
export function parseAddr(addr: string): { host?: string; port: number } {
  const i = addr.lastIndexOf(':');
  const host = addr.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(addr.slice(i + 1));
  if (i < 0 || !Number.isInteger(port)) throw new Error(`invalid address '${addr}'`);
  return { host: host || undefined, port };
}

async function listen(server: Server, addr: string): Promise<Server> {
  const { host, port } = parseAddr(addr);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Serves the registry on `GET /metrics` in the Prometheus text format. */
export function serveMetrics(registry: Registry, addr: string = DefaultMetricsAddr): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end('404 page not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(registry.expose());
  });
  return listen(server, addr);
}

/** A named health check; it fails by returning false or throwing. */
export type Check = () => boolean | Promise<boolean>;

/**
 * Serves controller-runtime's probes: `/healthz` and `/readyz` answer 200 `ok` when every check of
 * that kind passes, else 500 naming the failed checks.
 */
export function serveProbes(
  checks: { healthz?: Record<string, Check>; readyz?: Record<string, Check> },
  addr: string = DefaultHealthAddr,
): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = req.url?.split('?')[0].replace(/\/$/, '');
    const set = path === '/healthz' ? checks.healthz : path === '/readyz' ? checks.readyz : undefined;
    if (!set) {
      res.writeHead(404).end('404 page not found\n');
      return;
    }
    const failed: string[] = [];
    for (const [name, check] of Object.entries(set)) {
      try {
        if (!(await check())) failed.push(name);
      } catch {
        failed.push(name);
      }
    }
    if (failed.length === 0) res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
    else
      res
        .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(
          `${failed.map((f) => `[-]${f} failed: reason withheld`).join('\n')}\n${path?.slice(1)} check failed`,
        );
  });
  return listen(server, addr);
}
