import { setTimeout as sleep } from 'node:timers/promises';
import { toError } from '../../engines/errors/index.ts';
import type { FluxEvent } from './types.ts';

/**
 * POSTs Flux events as JSON to the notification endpoint (`--events-addr`), retrying network
 * failures and 5xx answers a few times with backoff; a 429 means the endpoint already has this
 * event (duplicate suppression) and is not retried.
 */
export class EventPoster {
  readonly url: string;
  private readonly retries: number;
  private readonly timeoutMs: number;

  constructor(url: string, options: { retries?: number; timeoutMs?: number } = {}) {
    this.url = url;
    this.retries = options.retries ?? 4;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Sends one event; throws after the last failed attempt. */
  async post(event: FluxEvent): Promise<void> {
    const body = JSON.stringify(event);
    let last: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(Math.min(30_000, 1000 * 2 ** (attempt - 1)));
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        await res.arrayBuffer();
        if (res.ok || res.status === 429) return;
        last = new Error(`POST ${this.url}: HTTP ${res.status}`);
        if (res.status < 500) break;
      } catch (e: unknown) {
        last = e;
      }
    }
    throw toError(last);
  }
}
