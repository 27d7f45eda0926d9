import assert from 'node:assert/strict';
import { test } from 'node:test';
// one turn of the event loop runs every promise reaction already due: enough to see what did not happen
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { QueueMetrics } from './metrics.ts';
import { WorkQueue } from './queue.ts';

test('an item added twice is queued once', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  q.add('a');
  assert.equal(q.len(), 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.len(), 0);
  q.done('a');
  q.done('b');
  await q.shutDown();
});

test('an item re-added while processing is processed again afterwards, never concurrently', async () => {
  const q = new WorkQueue();
  q.add('a');
  const first = await q.get();
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'held back while a worker has it');
  let second: string | undefined;
  void q.get().then((i) => {
    second = i;
  });
  await nextTurn();
  assert.equal(second, undefined, 'a second worker does not get it concurrently');
  q.done(first!);
  await nextTurn();
  assert.equal(second, 'a', 'queued again once done, exactly once');
  q.done('a');
  assert.equal(q.len(), 0);
  await q.shutDown();
});

test('a waiting worker is woken by an add', async () => {
  const q = new WorkQueue();
  const p = q.get();
  q.add('x');
  assert.equal(await p, 'x');
  q.done('x');
  await q.shutDown();
});

test('addAfter delays the item; re-adding keeps the earlier time', async () => {
  const q = new WorkQueue();
  const t0 = performance.now();
  q.addAfter('late', 60);
  q.addAfter('soon', 20);
  q.addAfter('late', 500);
  assert.equal(q.len(), 0);
  assert.equal(await q.get(), 'soon');
  assert.ok(performance.now() - t0 >= 18);
  assert.equal(await q.get(), 'late');
  assert.ok(performance.now() - t0 < 400, 'the earlier of the two times wins');
  q.done('soon');
  q.done('late');
  await q.shutDown();
});

test('addRateLimited backs off exponentially per item until forget', async () => {
  const { ItemExponentialBackoff } = await import('./rate-limiter.ts');
  const rl = new ItemExponentialBackoff<string>(750, 15 * 60_000);
  assert.deepEqual(
    [rl.when('a'), rl.when('a'), rl.when('a'), rl.when('b')],
    [750, 1500, 3000, 750],
    'doubling from 750 ms, per item',
  );
  for (let i = 0; i < 40; i++) rl.when('a');
  assert.equal(rl.when('a'), 15 * 60_000, 'capped at 15 minutes');
  rl.forget('a');
  assert.equal(rl.numRequeues('a'), 0);
  assert.equal(rl.when('a'), 750);

  const q = new WorkQueue({ rateLimiter: new ItemExponentialBackoff<string>(10, 1000) });
  q.addRateLimited('x');
  assert.equal(q.numRequeues('x'), 1);
  assert.equal(await q.get(), 'x');
  q.done('x');
  q.forget('x');
  assert.equal(q.numRequeues('x'), 0);
  await q.shutDown();
});

test('shutdown ignores new adds, wakes idle workers and waits for in-flight work', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  const a = await q.get();
  let drained = false;
  const stopped = q.shutDown().then(() => {
    drained = true;
  });
  q.add('c');
  q.addAfter('d', 1);
  assert.equal(await q.get(), 'b', 'items queued before shutdown are still handed out');
  assert.equal(await q.get(), undefined);
  q.done('b');
  await nextTurn();
  assert.equal(drained, false, 'a is still in progress');
  q.done(a!);
  await stopped;
  assert.equal(drained, true);
});

test('metrics hooks see adds, depth, durations and retries', async () => {
  const seen = { adds: 0, retries: 0, depth: [] as number[], queue: 0, work: 0 };
  const metrics: QueueMetrics = {
    added: () => seen.adds++,
    retried: () => seen.retries++,
    depth: (n) => seen.depth.push(n),
    queueDuration: () => seen.queue++,
    workDuration: () => seen.work++,
    unfinished: () => {},
  };
  const q = new WorkQueue({ metrics });
  q.add('a');
  q.add('a');
  q.add('b');
  await q.get();
  q.done('a');
  q.addRateLimited('c');
  const stopped = q.shutDown();
  q.done((await q.get())!);
  await stopped;
  assert.equal(seen.adds, 2, 'a deduplicated add is not counted');
  assert.equal(seen.retries, 1);
  assert.deepEqual(seen.depth, [1, 2, 1, 0]);
  assert.equal(seen.queue, 2);
  assert.equal(seen.work, 2);
});
