import { setTimeout as sleep } from 'node:timers/promises';

/** client-go's defaults for controllers built with Flux's runtime (`--kube-api-qps`, `--kube-api-burst`). */
export const DefaultQPS = 50;
/** See {@link DefaultQPS}. */
export const DefaultBurst = 300;

/**
 * A token bucket that paces requests to the API server: up to `burst` requests go at once, then
 * `qps` per second. Waiters are served first come, first served, so a busy controller cannot
 * starve another sharing the same client. `qps <= 0` disables limiting.
 */
export class TokenBucket {
  readonly qps: number;
  readonly burst: number;
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(qps = DefaultQPS, burst = DefaultBurst, now: () => number = () => performance.now()) {
    this.qps = qps;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
    this.now = now;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
  }

  /** Takes a token if one is available now, without waiting. */
  tryTake(): boolean {
    if (this.qps <= 0) return true;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Resolves once a token is taken; chaining the waiters keeps them in arrival order. */
  take(signal?: AbortSignal): Promise<void> {
    if (this.qps <= 0) return Promise.resolve();
    const turn = this.tail.then(async () => {
      for (;;) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        const waitMs = Math.ceil(((1 - this.tokens) / this.qps) * 1000);
        await sleep(waitMs, undefined, { signal });
      }
    });
    // a waiter that aborts must not block the ones behind it
    this.tail = turn.catch(() => {});
    return turn;
  }
}
