import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxEvent } from '../../runtime/events/index.ts';
import { EventGrouper, type GroupingClock } from './grouping.ts';
import { eventKey } from './rate-limit.ts';

/** A clock that moves only when told, running what falls due. */
function manualClock() {
  let now = 1_000_000;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const clock: GroupingClock = {
    now: () => now,
    schedule(fn, ms) {
      const t = { at: now + ms, fn, cancelled: false };
      timers.push(t);
      return () => {
        t.cancelled = true;
      };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => !x.cancelled && x.at <= now)) {
      t.cancelled = true;
      t.fn();
    }
  };
  return { clock, advance, pending: () => timers.filter((t) => !t.cancelled).length };
}

const ev = (message: string, timestamp = '2026-01-01T00:00:00Z'): FluxEvent => ({
  involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'ns' },
  severity: 'error',
  timestamp,
  message,
  reason: 'HealthCheckFailed',
  reportingController: 'kustomize-controller',
});

test('identical events in one window: the first goes, the rest go once with a count when it ends', () => {
  const { clock, advance } = manualClock();
  const flushed: { event: FluxEvent; count: number }[] = [];
  const grouper = new EventGrouper(300_000, (event, count) => flushed.push({ event, count }), clock);
  const take = (e: FluxEvent) => grouper.take(eventKey(e), e);

  assert.equal(take(ev('timeout')), true, 'the first event of the window goes at once');
  advance(1000);
  assert.equal(take(ev('timeout', 't2')), false);
  assert.equal(take(ev('timeout', 't3')), false);
  assert.equal(take(ev('other')), true, 'another message is another event');
  assert.equal(grouper.held, 2);
  advance(298_999);
  assert.equal(flushed.length, 0, 'nothing before the window ends');
  advance(1);
  assert.equal(flushed.length, 1);
  assert.equal(flushed[0].count, 2);
  assert.equal(flushed[0].event.timestamp, 't3', 'the last of the held events stands for them');
  assert.equal(flushed[0].event.message, 'timeout (repeated 2 more times in 5m0s)');
  assert.equal(grouper.held, 0);
  assert.equal(take(ev('timeout')), true, 'a new window opens with the next event');
});

test('a single held event says so; a window with none held sends nothing more; stop drops what is held', () => {
  const { clock, advance, pending } = manualClock();
  const flushed: FluxEvent[] = [];
  const grouper = new EventGrouper(60_000, (event) => flushed.push(event), clock);
  const take = (e: FluxEvent) => grouper.take(eventKey(e), e);
  take(ev('a'));
  take(ev('a'));
  take(ev('b'));
  advance(60_000);
  assert.deepEqual(
    flushed.map((e) => e.message),
    ['a (repeated once more in 1m0s)'],
  );
  take(ev('c'));
  take(ev('c'));
  assert.equal(pending(), 1);
  grouper.stop();
  advance(60_000);
  assert.equal(flushed.length, 1, 'nothing is sent after stop');
});

test('a zero interval turns grouping off with the rate limit', () => {
  const grouper = new EventGrouper(0, () => assert.fail('nothing is held'), manualClock().clock);
  assert.equal(grouper.take('k', ev('a')) && grouper.take('k', ev('a')), true);
});
