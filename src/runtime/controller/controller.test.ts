import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '../../../test/support/eventually.ts';
import { Informer } from '../cache/index.ts';
import { KubeClient, type KubeObject } from '../kube/index.ts';
import { ItemExponentialBackoff } from '../workqueue/index.ts';
import { Controller, type Request } from './controller.ts';
import { jitter } from './jitter.ts';
import { fluxPrimary, generationChanged } from './predicates.ts';
import { referencesIndex } from './watch-refs.ts';

// An informer fed by hand: these tests are about the controller loop, not the API server (the
// integration tests cover that end to end).
function handFedInformer(): Informer<KubeObject> {
  const inf = new Informer<KubeObject>(
    new KubeClient({ server: 'http://127.0.0.1:1', namespace: 'default', contextName: 'x' }),
    {
      version: 'v1',
      resource: 'configmaps',
    },
  );
  inf.replace([]);
  return inf;
}

const obj = (name: string, generation = 1, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { namespace: 'ns', name, generation, resourceVersion: String(Math.random()), ...extra },
});

test('errors retry with growing backoff, success forgets, requeueAfter schedules the next run', async () => {
  const inf = handFedInformer();
  const runs: number[] = [];
  let failures = 3;
  const c = new Controller({
    name: 'test',
    informer: inf,
    rateLimiter: new ItemExponentialBackoff<string>(20, 1000),
    intervalJitterPercent: 0,
    reconciler: {
      async reconcile() {
        runs.push(performance.now());
        if (failures-- > 0) throw new Error('boom');
        return runs.length < 5 ? { requeueAfterMs: 30 } : undefined;
      },
    },
  });
  await c.start();
  inf.added(obj('a'));
  await eventually(() => assert.ok(runs.length >= 5), { intervalMs: 10 });
  await c.stop();
  const gaps = runs.slice(1).map((t, i) => t - runs[i]);
  assert.ok(gaps[0] >= 18 && gaps[1] >= 38 && gaps[2] >= 78, `backoff doubles: ${gaps.map(Math.round)}`);
  assert.ok(gaps[3] >= 28 && gaps[3] < 70, `requeueAfter after success: ${Math.round(gaps[3])}`);
  assert.equal(c.queue.numRequeues('ns/a'), 0, 'success forgets the backoff');
});

test('one key is never reconciled concurrently; N workers run different keys in parallel', async () => {
  const inf = handFedInformer();
  let active = 0;
  let maxActive = 0;
  const perKey = new Map<string, number>();
  let overlapSameKey = false;
  let done = 0;
  const c = new Controller({
    name: 'test',
    informer: inf,
    concurrency: 3,
    reconciler: {
      async reconcile(req: Request) {
        active++;
        maxActive = Math.max(maxActive, active);
        if (perKey.get(req.key)) overlapSameKey = true;
        perKey.set(req.key, 1);
        await sleep(20);
        perKey.set(req.key, 0);
        active--;
        done++;
        return undefined;
      },
    },
  });
  await c.start();
  for (const n of ['a', 'b', 'c', 'd']) inf.added(obj(n));
  // a new generation of 'a' arrives while 'a' is being reconciled
  await eventually(() => assert.equal(perKey.get('ns/a'), 1), { intervalMs: 1 });
  inf.modified(obj('a', 2));
  await eventually(() => assert.equal(done, 5), { intervalMs: 5 });
  await c.stop();
  assert.equal(maxActive, 3);
  assert.equal(overlapSameKey, false);
});

test('stop waits for in-flight reconciles', async () => {
  const inf = handFedInformer();
  let started = false;
  let finished = false;
  const c = new Controller({
    name: 'test',
    informer: inf,
    reconciler: {
      async reconcile() {
        started = true;
        await sleep(50);
        finished = true;
        return undefined;
      },
    },
  });
  await c.start();
  inf.added(obj('a'));
  await eventually(() => assert.ok(started), { intervalMs: 1 });
  await c.stop();
  assert.equal(finished, true);
});

test('predicates filter events; related objects map to the primaries that reference them', async () => {
  const inf = handFedInformer();
  const related = handFedInformer();
  const seen: string[] = [];
  const c = new Controller({
    name: 'test',
    informer: inf,
    predicate: fluxPrimary,
    reconciler: {
      async reconcile(req) {
        seen.push(req.key);
        return undefined;
      },
    },
  });
  const map = referencesIndex(inf, 'secretRef', (o) =>
    [String(o.metadata?.annotations?.secret ?? '')].filter(Boolean),
  );
  c.watch(related, map);
  await c.start();
  const a = obj('a', 1, { annotations: { secret: 's1' } });
  inf.added(a);
  await eventually(() => assert.deepEqual(seen, ['ns/a']), { intervalMs: 1 });
  inf.modified({ ...a, metadata: { ...a.metadata, resourceVersion: 'x' } });
  // witnesses prove the absences: events queued after the filtered ones are reconciled
  inf.added(obj('b'));
  await eventually(() => assert.ok(seen.includes('ns/b')), { intervalMs: 1 });
  assert.deepEqual(seen, ['ns/a', 'ns/b'], 'a status-only update (same generation) is filtered');
  related.added(obj('s1'));
  related.added(obj('unrelated'));
  inf.added(obj('c'));
  await eventually(() => assert.ok(seen.includes('ns/c')), { intervalMs: 1 });
  await c.stop();
  assert.deepEqual(
    seen,
    ['ns/a', 'ns/b', 'ns/a', 'ns/c'],
    'the secret change re-queued its referencing object',
  );
  assert.equal(generationChanged.update?.(obj('x', 1), obj('x', 2)), true);
});

test('jitter stays within ±percent', () => {
  assert.equal(
    jitter(1000, 5, () => 0),
    950,
  );
  assert.equal(
    jitter(1000, 5, () => 1),
    1050,
  );
  assert.equal(jitter(1000, 0), 1000);
});

test('reconcile errors are logged as "Reconciler error" with controller-runtime keys', async () => {
  const inf = handFedInformer();
  const lines: Record<string, unknown>[] = [];
  const { Logger } = await import('../logging/index.ts');
  let seenID = '';
  const c = new Controller({
    name: 'gitrepository',
    group: 'source.toolkit.fluxcd.io',
    kind: 'GitRepository',
    informer: inf,
    logger: new Logger({ write: (l) => lines.push(JSON.parse(l)) }),
    rateLimiter: new ItemExponentialBackoff<string>(10_000, 10_000),
    reconciler: {
      async reconcile(_req, ctx) {
        seenID = ctx.reconcileID;
        ctx.log.info('working');
        throw new Error('failed to checkout');
      },
    },
  });
  await c.start();
  inf.added(obj('podinfo'));
  await eventually(() => assert.ok(lines.length >= 2), { intervalMs: 5 });
  await c.stop();
  const { ts: _ts, ...err } = lines[1];
  assert.deepEqual(err, {
    level: 'error',
    msg: 'Reconciler error',
    controller: 'gitrepository',
    controllerGroup: 'source.toolkit.fluxcd.io',
    controllerKind: 'GitRepository',
    GitRepository: { name: 'podinfo', namespace: 'ns' },
    namespace: 'ns',
    name: 'podinfo',
    reconcileID: seenID,
    error: 'failed to checkout',
  });
  assert.equal(lines[0].msg, 'working');
});
