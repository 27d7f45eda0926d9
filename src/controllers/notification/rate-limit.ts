import { createHash } from 'node:crypto';
import type { FluxEvent } from '../../runtime/events/index.ts';

/**
 * The rate-limit key of an event as Flux's event server computes it: a SHA-256 over the involved
 * object's name, namespace and kind, the message, and the `revision` and `token` metadata when
 * present (after clean-up), so the same message about a new revision is not held back.
 */
export function eventKey(event: FluxEvent): string {
  const o = event.involvedObject;
  const parts = [
    'event',
    `name=${o.name ?? ''}`,
    `namespace=${o.namespace ?? ''}`,
    `kind=${o.kind ?? ''}`,
    `message=${event.message}`,
  ];
  const md = event.metadata ?? {};
  if (md.revision !== undefined) parts.push(`revision=${md.revision}`);
  if (md.token !== undefined) parts.push(`token=${md.token}`);
  return createHash('sha256').update(parts.join('/')).digest('hex');
}

/**
 * One event per key per `--rate-limit-interval` (Flux: a token bucket of one token refilled each
 * interval): a duplicate within the window is refused (the server answers 429). Expired keys are
 * swept as new ones arrive, so memory stays bounded by the traffic of one interval.
 */
export class EventRateLimiter {
  private readonly until = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(intervalMs: number, now: () => number = () => Date.now()) {
    this.intervalMs = intervalMs;
    this.now = now;
  }

  /** True when the event may go on (and starts its window); false for a duplicate in the window. */
  take(key: string): boolean {
    const now = this.now();
    if (this.intervalMs <= 0) return true;
    const until = this.until.get(key);
    if (until !== undefined && until > now) return false;
    this.until.set(key, now + this.intervalMs);
    if (this.until.size > 1024) for (const [k, u] of this.until) if (u <= now) this.until.delete(k);
    return true;
  }

  /** When the window of `key` ends (ms since the epoch), or undefined when none is open. */
  windowEnd(key: string): number | undefined {
    const until = this.until.get(key);
    return until !== undefined && until > this.now() ? until : undefined;
  }
}
