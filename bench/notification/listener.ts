// The bench's end of the `generic` Provider: an HTTP listener that stamps each delivered event
// with the moment it arrived, and lets a round wait for the one it is timing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import { startHttpServer } from '../../test/servers/index.ts';

/** A delivered event and when the listener had its whole body (performance.now()). */
export interface Delivery {
  at: number;
  event: FluxEvent;
}

/** The running listener: its URL, what it received, and a wait for a matching delivery. */
export interface AlertListener {
  url: string;
  received: Delivery[];
  /** The first delivery (already received or still to come) that `match` accepts. */
  next(match: (e: FluxEvent) => boolean, timeoutMs: number): Promise<Delivery>;
  stop(): Promise<void>;
}

/** Starts the listener on a free loopback port. */
export async function startAlertListener(): Promise<AlertListener> {
  const received: Delivery[] = [];
  const waiters = new Set<(d: Delivery) => void>();
  const server = await startHttpServer('alerts', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const d = { at: performance.now(), event: JSON.parse(Buffer.concat(chunks).toString()) as FluxEvent };
      received.push(d);
      res.writeHead(200).end();
      for (const w of [...waiters]) w(d);
    });
  });
  return {
    url: `${server.url}/alerts`,
    received,
    next: (match, timeoutMs) =>
      new Promise((resolve, reject) => {
        const seen = received.find((d) => match(d.event));
        if (seen) return resolve(seen);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const got = received.map((d) => d.event.message).join(' | ');
          reject(new Error(`no matching event delivered in ${timeoutMs} ms; received: ${got || 'nothing'}`));
        }, timeoutMs);
        const waiter = (d: Delivery) => {
          if (!match(d.event)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(d);
        };
        waiters.add(waiter);
      }),
    stop: () => server.stop(),
  };
}
