import { DelayHeap } from './delay-heap.ts';
import { noQueueMetrics, type QueueMetrics } from './metrics.ts';
import { ItemExponentialBackoff, type RateLimiter } from './rate-limiter.ts';

/** How a {@link WorkQueue} is built. */
export interface WorkQueueOptions<T> {
  /** The queue's name (the controller's), used by metrics. */
  name?: string;
  rateLimiter?: RateLimiter<T>;
  metrics?: QueueMetrics;
  /** How often unfinished-work metrics refresh; 0 disables the timer. */
  unfinishedWorkUpdateMs?: number;
}

/**
 * A work queue with client-go's guarantees: an item is queued at most once (dirty set); an item
 * re-added while a worker processes it is held back and queued again when the worker calls
 * {@link done} (processing set), so one item is never processed concurrently; {@link addAfter}
 * schedules an item on a delay heap; {@link addRateLimited} applies per-item exponential
 * backoff until {@link forget}. After {@link shutDown}, adds are ignored and {@link get} hands out
 * what is left, then `undefined`.
 */
export class WorkQueue<T = string> {
  readonly name: string;
  private readonly rateLimiter: RateLimiter<T>;
  private readonly metrics: QueueMetrics;
  private readonly fifo: T[] = [];
  private head = 0;
  private readonly dirty = new Set<T>();
  /** Items being processed, with when their work started. */
  private readonly processing = new Map<T, number>();
  /** When each queued item entered the queue, for the queue-duration metric. */
  private readonly addedAt = new Map<T, number>();
  private readonly waiters: ((item: T | undefined) => void)[] = [];
  private readonly delayed = new DelayHeap<T>();
  private delayTimer?: NodeJS.Timeout;
  private unfinishedTimer?: NodeJS.Timeout;
  private readonly idleWaiters: (() => void)[] = [];
  private shuttingDown = false;

  constructor(options: WorkQueueOptions<T> = {}) {
    this.name = options.name ?? '';
    this.rateLimiter = options.rateLimiter ?? new ItemExponentialBackoff<T>();
    this.metrics = options.metrics ?? noQueueMetrics;
    const every = options.unfinishedWorkUpdateMs ?? 10_000;
    if (every > 0) {
      this.unfinishedTimer = setInterval(() => this.reportUnfinished(), every);
      this.unfinishedTimer.unref();
    }
  }

  /** Number of items waiting to be handed to a worker (not counting delayed or in-progress ones). */
  len(): number {
    return this.fifo.length - this.head;
  }

  /** True once {@link shutDown} was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Queues `item` unless it is already queued; an item in progress is queued again when done. */
  add(item: T): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    this.metrics.added();
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.enqueue(item);
  }

  private enqueue(item: T): void {
    this.addedAt.set(item, performance.now());
    const waiter = this.waiters.shift();
    if (waiter) {
      this.startProcessing(item);
      waiter(item);
      return;
    }
    this.fifo.push(item);
    this.metrics.depth(this.len());
  }

  private startProcessing(item: T): void {
    const now = performance.now();
    const at = this.addedAt.get(item);
    this.addedAt.delete(item);
    if (at !== undefined) this.metrics.queueDuration((now - at) / 1000);
    this.dirty.delete(item);
    this.processing.set(item, now);
  }

  /**
   * The next item, waiting for one if the queue is empty; `undefined` once shut down and empty.
   * The caller must call {@link done} with the item when its work ends.
   */
  get(): Promise<T | undefined> {
    if (this.len() > 0) {
      const item = this.fifo[this.head];
      this.fifo[this.head] = undefined as T;
      this.head++;
      // compact now and then so the array does not grow forever
      if (this.head > 1024 && this.head * 2 > this.fifo.length) {
        this.fifo.splice(0, this.head);
        this.head = 0;
      }
      this.metrics.depth(this.len());
      this.startProcessing(item);
      return Promise.resolve(item);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks the work on `item` finished; if it was re-added meanwhile, it is queued again now. */
  done(item: T): void {
    const started = this.processing.get(item);
    if (started === undefined) return;
    this.processing.delete(item);
    this.metrics.workDuration((performance.now() - started) / 1000);
    if (this.dirty.has(item)) this.enqueue(item);
    else if (this.processing.size === 0 && this.len() === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Queues `item` after `delayMs`; an item already waiting keeps the earlier of the two times,
   * or, with `replace`, takes the new one.
   */
  addAfter(item: T, delayMs: number, options: { replace?: boolean } = {}): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(item);
      return;
    }
    this.delayed.push(item, performance.now() + delayMs, options.replace);
    this.armDelayTimer();
  }

  private armDelayTimer(): void {
    const next = this.delayed.peekTime();
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.delayTimer = undefined;
    if (next === undefined) return;
    this.delayTimer = setTimeout(
      () => {
        this.delayTimer = undefined;
        for (const item of this.delayed.popDue(performance.now())) this.add(item);
        this.armDelayTimer();
      },
      Math.max(0, next - performance.now()),
    );
  }

  /** Queues `item` after its backoff delay, counting one more failure for it. */
  addRateLimited(item: T): void {
    if (this.shuttingDown) return;
    this.metrics.retried();
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Clears the failure count of `item`; its next failure starts the backoff from the minimum again. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  /** Failures recorded for `item` since it was last forgotten. */
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }

  /**
   * Stops accepting items and drops delayed ones; waiting workers get `undefined`, queued items are
   * still handed out. Resolves when the items being processed are done.
   */
  shutDown(): Promise<void> {
    this.shuttingDown = true;
    if (this.delayTimer) clearTimeout(this.delayTimer);
    if (this.unfinishedTimer) clearInterval(this.unfinishedTimer);
    this.delayTimer = undefined;
    this.unfinishedTimer = undefined;
    this.delayed.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
    if (this.processing.size === 0 && this.len() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private reportUnfinished(): void {
    const now = performance.now();
    let total = 0;
    let longest = 0;
    for (const started of this.processing.values()) {
      const s = (now - started) / 1000;
      total += s;
      longest = Math.max(longest, s);
    }
    this.metrics.unfinished(total, longest);
  }
}
