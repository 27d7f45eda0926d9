/** Flux's `--min-retry-delay` default: the first retry of a failing object waits this long. */
export const DefaultMinRetryDelayMs = 750;
/** Flux's `--max-retry-delay` default: retries never wait longer than this. */
export const DefaultMaxRetryDelayMs = 15 * 60_000;

/** Decides how long an item waits before its next retry, and remembers its failures. */
export interface RateLimiter<T> {
  /** The delay of the next retry of `item`, counting this one as a failure. */
  when(item: T): number;
  /** Failures recorded for `item` since the last {@link forget}. */
  numRequeues(item: T): number;
  /** Clears the failures of `item` (it succeeded). */
  forget(item: T): void;
}

/**
 * Per-item exponential backoff: `min * 2^failures`, capped at `max` (defaults 750 ms and 15 min,
 * Flux's retry delays). Each item has its own count, so one failing object never slows others.
 */
export class ItemExponentialBackoff<T> implements RateLimiter<T> {
  readonly minMs: number;
  readonly maxMs: number;
  private readonly failures = new Map<T, number>();

  constructor(minMs = DefaultMinRetryDelayMs, maxMs = DefaultMaxRetryDelayMs) {
    this.minMs = minMs;
    this.maxMs = Math.max(minMs, maxMs);
  }

  when(item: T): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    // 2^n overflows to Infinity long before it matters; min() caps it either way
    return Math.min(this.maxMs, this.minMs * 2 ** n);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }
}
