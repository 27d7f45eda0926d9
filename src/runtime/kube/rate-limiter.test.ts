import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DefaultBurst, DefaultQPS, TokenBucket } from './rate-limiter.ts';

test('defaults are client-go controller defaults (50 qps, burst 300)', () => {
  assert.equal(DefaultQPS, 50);
  assert.equal(DefaultBurst, 300);
});

test('a burst goes through at once, then the bucket refills at qps', () => {
  let now = 0;
  const b = new TokenBucket(10, 3, () => now);
  assert.ok(b.tryTake() && b.tryTake() && b.tryTake());
  assert.equal(b.tryTake(), false);
  now += 99;
  assert.equal(b.tryTake(), false, 'not a whole token after 99 ms at 10 qps');
  now += 1;
  assert.equal(b.tryTake(), true);
  now += 10_000;
  assert.ok(b.tryTake() && b.tryTake() && b.tryTake());
  assert.equal(b.tryTake(), false, 'refill is capped at burst');
});

test('take() waits for tokens in arrival order', async () => {
  const b = new TokenBucket(100, 1);
  const order: number[] = [];
  const started = performance.now();
  await Promise.all([0, 1, 2, 3].map((i) => b.take().then(() => order.push(i))));
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.ok(performance.now() - started >= 25, 'three refills at 100 qps take about 30 ms');
});

test('qps <= 0 disables limiting', () => {
  const b = new TokenBucket(0, 1);
  for (let i = 0; i < 100; i++) assert.ok(b.tryTake());
});
