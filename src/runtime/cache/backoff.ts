/**
 * Exponential backoff with jitter for retrying a failing list or watch: starts at `initialMs`,
 * doubles up to `maxMs`, and resets after a quiet period, like client-go's reflector backoff
 * (800 ms to 30 s, reset after 2 minutes without failures).
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
  private current = 0;
  private lastFailure = 0;

  constructor(options: { initialMs?: number; maxMs?: number; resetAfterMs?: number } = {}) {
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.resetAfterMs = options.resetAfterMs ?? 120_000;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(now = Date.now()): number {
    if (now - this.lastFailure > this.resetAfterMs) this.current = 0;
    this.lastFailure = now;
    this.current = this.current === 0 ? this.initialMs : Math.min(this.maxMs, this.current * 2);
    // up to +100% jitter so many informers failing together do not retry in lockstep
    return Math.round(this.current * (1 + Math.random()));
  }

  /** Forgets past failures. */
  reset(): void {
    this.current = 0;
  }
}
