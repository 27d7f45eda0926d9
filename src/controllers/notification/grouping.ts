import { formatDuration } from '../../api/meta/index.ts';
import type { FluxEvent } from '../../runtime/events/index.ts';
import { EventRateLimiter } from './rate-limit.ts';

/** Time as the grouper reads and waits on it; tests inject a manual one. */
export interface GroupingClock {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel. */
  schedule(fn: () => void, ms: number): () => void;
}

const realClock: GroupingClock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, ms);
    // a pending group never keeps the process alive
    timer.unref();
    return () => clearTimeout(timer);
  },
};

interface Group {
  count: number;
  last: FluxEvent;
  cancel: () => void;
}

/** The event that stands for `count` duplicates held back in one window: the last, counted. */
export function groupedEvent(last: FluxEvent, count: number, intervalMs: number): FluxEvent {
  const times = count === 1 ? 'once more' : `${count} more times`;
  return { ...last, message: `${last.message} (repeated ${times} in ${formatDuration(intervalMs)})` };
}

/**
 * Flux's rate limit (one event per key per `--rate-limit-interval`) without the silent drop
 * (beyond Flux): the first event of a window goes at once; the identical ones after it in the
 * window are counted, and when the window ends the last of them is sent once through `flush`,
 * its message saying how many were held back. Memory is bounded by the distinct events of one
 * window.
 */
export class EventGrouper {
  private readonly limiter: EventRateLimiter;
  private readonly pending = new Map<string, Group>();
  private readonly intervalMs: number;
  private readonly flush: (event: FluxEvent, count: number) => void;
  private readonly clock: GroupingClock;

  constructor(
    intervalMs: number,
    flush: (event: FluxEvent, count: number) => void,
    clock: GroupingClock = realClock,
  ) {
    this.intervalMs = intervalMs;
    this.flush = flush;
    this.clock = clock;
    this.limiter = new EventRateLimiter(intervalMs, () => clock.now());
  }

  /** True when the event goes now; false when it is held back and counted for its window's end. */
  take(key: string, event: FluxEvent): boolean {
    if (this.limiter.take(key)) return true;
    const group = this.pending.get(key);
    if (group) {
      group.count++;
      group.last = event;
      return false;
    }
    const end = this.limiter.windowEnd(key) ?? this.clock.now();
    const cancel = this.clock.schedule(() => this.close(key), Math.max(0, end - this.clock.now()));
    this.pending.set(key, { count: 1, last: event, cancel });
    return false;
  }

  /** How many events are held back now, over every key. */
  get held(): number {
    let n = 0;
    for (const g of this.pending.values()) n += g.count;
    return n;
  }

  /** Drops what is held back (the server is stopping: nothing is sent after it stops). */
  stop(): void {
    for (const g of this.pending.values()) g.cancel();
    this.pending.clear();
  }

  private close(key: string): void {
    const group = this.pending.get(key);
    if (!group) return;
    this.pending.delete(key);
    this.flush(groupedEvent(group.last, group.count, this.intervalMs), group.count);
  }
}
