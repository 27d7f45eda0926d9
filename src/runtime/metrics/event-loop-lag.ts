import { type ELDHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Collector } from './registry.ts';

/** The event-loop delay seen over one window, in seconds. */
export interface EventLoopLagSnapshot {
  min: number;
  max: number;
  mean: number;
  stddev: number;
  p50: number;
  p90: number;
  p99: number;
}

const STATS: [keyof EventLoopLagSnapshot, string, string][] = [
  ['min', 'nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.'],
  ['max', 'nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.'],
  ['mean', 'nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.'],
  [
    'stddev',
    'nodejs_eventloop_lag_stddev_seconds',
    'The standard deviation of the recorded event loop delays.',
  ],
  ['p50', 'nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.'],
  ['p90', 'nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.'],
  ['p99', 'nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.'],
];

/**
 * How long the event loop was held up. Every controller, watch, probe and metrics scrape of the
 * process shares one thread, so anything synchronous and slow (decompressing an artifact, hashing
 * it, a backtracking regex) delays all of them; this makes such stalls visible. Node samples the
 * delay with `monitorEventLoopDelay`; the gauges (named as Node's Prometheus clients name them)
 * cover the window since the previous scrape, since each scrape starts a new window.
 */
export class EventLoopLag {
  readonly #histogram: ELDHistogram;

  /** Starts sampling every `resolutionMs` milliseconds (Node's default is 10). */
  constructor(resolutionMs = 10) {
    this.#histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#histogram.enable();
  }

  /** The delay statistics of the current window, in seconds (zeros before any sample). */
  snapshot(): EventLoopLagSnapshot {
    const h = this.#histogram;
    // an empty histogram reports min as the largest 64-bit value and the mean as NaN
    const seconds = (ns: number) => (h.count === 0 || !Number.isFinite(ns) ? 0 : ns / 1e9);
    return {
      min: seconds(h.min),
      max: seconds(h.max),
      mean: seconds(h.mean),
      stddev: seconds(h.stddev),
      p50: seconds(h.percentile(50)),
      p90: seconds(h.percentile(90)),
      p99: seconds(h.percentile(99)),
    };
  }

  /** Starts a new window. */
  reset(): void {
    this.#histogram.reset();
  }

  /** Stops sampling. */
  stop(): void {
    this.#histogram.disable();
  }

  /** One collector exposing every gauge, then starting a new window. */
  collector(): Collector {
    return {
      name: 'nodejs_eventloop_lag',
      expose: () => {
        const s = this.snapshot();
        this.reset();
        return STATS.map(
          ([key, name, help]) => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${s[key]}\n`,
        ).join('');
      },
    };
  }
}
