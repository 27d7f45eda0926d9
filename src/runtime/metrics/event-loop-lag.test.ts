import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventLoopLag } from './event-loop-lag.ts';
import { Registry } from './registry.ts';

/** Holds the thread as a synchronous decompression or a backtracking regex would. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else may run
  }
}

const gauge = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

test('a blocked event loop shows in the lag gauges, and each scrape starts a new window', async (t) => {
  const lag = new EventLoopLag(5);
  t.after(() => lag.stop());
  const registry = new Registry();
  registry.register(lag.collector());
  await sleep(30);
  block(300);
  await sleep(30);
  const first = registry.expose();
  assert.match(first, /^# TYPE nodejs_eventloop_lag_max_seconds gauge$/m);
  const max = gauge(first, 'nodejs_eventloop_lag_max_seconds');
  assert.ok(max >= 0.25 && max < 5, `max ${max}`);
  assert.ok(gauge(first, 'nodejs_eventloop_lag_p50_seconds') <= max);
  await sleep(50);
  // the 300 ms stall belongs to the previous window
  const second = gauge(registry.expose(), 'nodejs_eventloop_lag_max_seconds');
  assert.ok(second < 0.25, `max after the scrape ${second}`);
});

test('an idle window reports zeros, not the histogram sentinels', (t) => {
  const lag = new EventLoopLag();
  t.after(() => lag.stop());
  lag.reset();
  const s = lag.snapshot();
  assert.ok(
    Object.values(s).every((v) => Number.isFinite(v) && v >= 0 && v < 1),
    JSON.stringify(s),
  );
});
