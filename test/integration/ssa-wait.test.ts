import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import {
  KustomizeOwnerLabels,
  OwnedObjectCache,
  ResourceManager,
  WaitError,
} from '../../src/runtime/ssa/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';

const deployment = (ns: string, name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    },
  },
});
const configMap = (
  ns: string,
  name: string,
  state: string,
): KubeObject & { data: Record<string, string> } => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data: { state },
});
const cmRef = (ns: string, name: string) => ({ version: 'v1', resource: 'configmaps', namespace: ns, name });
// Flux's healthCheckExprs shape: ConfigMaps are healthy by CEL, every other kind by kstatus
const stateChecks = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    current: "data.state == 'ready'",
    inProgress: "data.state == 'scaling'",
    failed: "data.state == 'broken'",
  },
];
const ref = (ns: string, name: string) => ({
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespace: ns,
  name,
});

// what the deployment controller would write for a rolled-out Deployment (none runs here)
const healthyStatus = (generation: number) => ({
  status: {
    observedGeneration: generation,
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ok' },
    ],
  },
});

test('wait times out naming the object that is not ready, then passes once its status is healthy', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa-wait');
  const rm = new ResourceManager(kube);
  const web = deployment(ns, 'web');
  await rm.applyAll([web]);

  await assert.rejects(rm.waitForSet([web], { timeoutMs: 1000 }), (e: Error) => {
    assert.ok(e instanceof WaitError);
    assert.match(e.message, new RegExp(`^timeout waiting for: \\[Deployment/${ns}/web status: 'InProgress'`));
    return true;
  });

  const waiting = rm.waitForSet([web], { timeoutMs: 30_000 });
  const live = await kube.get(ref(ns, 'web'));
  await kube.patchStatus(ref(ns, 'web'), healthyStatus(live.metadata?.generation ?? 1));
  await waiting;
});

test('wait fails fast on a Deployment whose progress deadline was exceeded', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa-wait');
  const rm = new ResourceManager(kube);
  const bad = deployment(ns, 'bad');
  const good = deployment(ns, 'good');
  await rm.applyAll([bad, good]);
  const waiting = rm.waitForSet([bad, good], { timeoutMs: 30_000, failFast: true });
  // it may reject before assert.rejects below attaches: keep that from counting as unhandled
  waiting.catch(() => undefined);
  const live = await kube.get(ref(ns, 'bad'));
  await kube.patchStatus(ref(ns, 'bad'), {
    status: {
      observedGeneration: live.metadata?.generation ?? 1,
      replicas: 1,
      updatedReplicas: 1,
      unavailableReplicas: 1,
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "bad-1" has timed out progressing.',
        },
      ],
    },
  });
  await assert.rejects(waiting, (e: Error) => {
    // failing early, not at the timeout, and only the failed object is named
    assert.equal(
      e.message,
      `failed early due to stalled resources: [Deployment/${ns}/bad status: 'Failed': Progress deadline exceeded]`,
    );
    return true;
  });
});

test('wait reports an object that does not exist', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa-wait');
  const rm = new ResourceManager(kube);
  await assert.rejects(rm.waitForSet([deployment(ns, 'missing')], { timeoutMs: 500 }), {
    message: `timeout waiting for: [Deployment/${ns}/missing status: 'NotFound': Resource not found]`,
  });
});

test('with the owned-object cache: no pass on a stale generation; a foreign object is read and taken over', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa-cache');
  const cache = new OwnedObjectCache(kube, KustomizeOwnerLabels);
  t.after(() => cache.stop());
  const manager = () => new ResourceManager(kube, { owner: { name: 'app', namespace: ns }, cache });
  const web = deployment(ns, 'web');
  await manager().applyAll([web]);
  await kube.patchStatus(ref(ns, 'web'), healthyStatus(1));
  await manager().waitForSet([web], { timeoutMs: 10_000 });

  // generation 2: the cache may still hold generation 1, Available; the wait must not pass on it
  const v2 = deployment(ns, 'web');
  (v2.spec as any).template.spec.containers[0].image = 'busybox:2';
  const rm = manager();
  const [entry] = (await rm.applyAll([v2])).entries;
  assert.equal(entry?.action, 'configured');
  await assert.rejects(rm.waitForSet([v2], { timeoutMs: 1500 }), (e: Error) => {
    assert.match(e.message, /^timeout waiting for: \[Deployment\/.*\/web status: 'InProgress'/);
    return true;
  });
  const waiting = rm.waitForSet([v2], { timeoutMs: 10_000 });
  await kube.patchStatus(ref(ns, 'web'), healthyStatus(2));
  await waiting;

  // an object created by another tool carries no owner label: not in the cache, yet found by the
  // dry-run, read and reported as configured (not created), its kubectl fields taken over
  const cm = { version: 'v1', resource: 'configmaps', namespace: ns };
  await kube.create(
    cm,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foreign' }, data: { a: '1', b: '2' } },
    { fieldManager: 'kubectl-client-side-apply' },
  );
  const desired = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'foreign', namespace: ns },
    data: { a: '1' },
  };
  const [taken] = (await manager().applyAll([desired])).entries;
  assert.equal(taken?.action, 'configured');
  const live = await kube.get<KubeObject & { data?: Record<string, string> }>({ ...cm, name: 'foreign' });
  assert.deepEqual(live.data, { a: '1' }, 'the field kubectl set and we no longer declare is removed');
  assert.equal(live.metadata?.labels?.['kustomize.toolkit.fluxcd.io/name'], 'app');
});

test('CEL health checks: the kinds they name go by their expressions, the others by kstatus, in one wait', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa-wait');
  const rm = new ResourceManager(kube);
  const web = deployment(ns, 'web');
  await rm.applyAll([web, configMap(ns, 'a', 'pending'), configMap(ns, 'b', 'scaling')]);
  const a = configMap(ns, 'a', 'pending');
  const b = configMap(ns, 'b', 'scaling');

  await assert.rejects(rm.waitForSet([a, b], { timeoutMs: 1000, healthChecks: stateChecks }), {
    message: `timeout waiting for: [ConfigMap/${ns}/a status: 'InProgress': waiting for '${stateChecks[0]?.current}', ConfigMap/${ns}/b status: 'InProgress': health check expression '${stateChecks[0]?.inProgress}' is true]`,
  });
  // without the checks, kstatus finds a ConfigMap Current at once
  await rm.waitForSet([a, b], { timeoutMs: 10_000 });

  const waiting = rm.waitForSet([web, a, b], {
    timeoutMs: 30_000,
    failFast: true,
    healthChecks: stateChecks,
  });
  waiting.catch(() => undefined);
  await kube.mergePatch(cmRef(ns, 'b'), { data: { state: 'broken' } });
  await assert.rejects(waiting, {
    message: `failed early due to stalled resources: [ConfigMap/${ns}/b status: 'Failed': health check expression '${stateChecks[0]?.failed}' is true]`,
  });

  // the ConfigMaps turn healthy first: a wait started while b is still broken would fail fast
  await kube.mergePatch(cmRef(ns, 'a'), { data: { state: 'ready' } });
  await kube.mergePatch(cmRef(ns, 'b'), { data: { state: 'ready' } });
  const passing = rm.waitForSet([web, a, b], {
    timeoutMs: 30_000,
    failFast: true,
    healthChecks: stateChecks,
  });
  const live = await kube.get(ref(ns, 'web'));
  await kube.patchStatus(ref(ns, 'web'), healthyStatus(live.metadata?.generation ?? 1));
  await passing;

  await assert.rejects(
    rm.waitForSet([a], { healthChecks: [{ ...stateChecks[0], current: 'data.(' }] }),
    /^Error: failed to parse health check expression 'data\.\(' for v1\/ConfigMap: /,
  );
});

test('an abort from outside ends the wait at once, leaving no timer behind', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa-wait');
  const rm = new ResourceManager(kube);
  const web = deployment(ns, 'web');
  const a = configMap(ns, 'a', 'pending');
  await rm.applyAll([web, a]);
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const idle = timers();
  kube.stats.reset();
  const abort = new AbortController();
  let settled = false;
  const waiting = rm.waitForSet([web, a], {
    timeoutMs: 600_000,
    signal: abort.signal,
    healthChecks: stateChecks,
  });
  waiting
    .catch(() => undefined)
    .finally(() => {
      settled = true;
    });
  // under way: its timeout is set and it watches both collections
  await eventually(() => {
    if (timers() <= idle || (kube.stats.byVerb.get('watch') ?? 0) < 2) throw new Error('not watching yet');
  });
  abort.abort();
  await eventually(
    () => {
      if (!settled) throw new Error('the wait goes on after the abort');
    },
    { timeoutMs: 5000 },
  );
  await assert.rejects(waiting, (e: Error) => {
    assert.ok(e instanceof WaitError);
    assert.match(e.message, /^timeout waiting for: \[Deployment\/.*\/web status: 'InProgress'/);
    return true;
  });
  assert.equal(timers(), idle, 'the timeout of an aborted wait is cleared');

  // aborted before it starts: it reports at once without listing anything
  kube.stats.reset();
  await assert.rejects(rm.waitForSet([web], { timeoutMs: 600_000, signal: AbortSignal.abort() }), {
    message: `timeout waiting for: [can't determine status for Deployment/${ns}/web]`,
  });
  assert.equal(kube.stats.total, 0);
  assert.equal(timers(), idle);
});

test('with the owned-object cache: CEL health checks follow the cache, no list or watch of their own', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa-cache');
  const cache = new OwnedObjectCache(kube, KustomizeOwnerLabels);
  t.after(() => cache.stop());
  const rm = new ResourceManager(kube, { owner: { name: 'app', namespace: ns }, cache });
  const a = configMap(ns, 'a', 'pending');
  // the first apply starts the cache's informer for ConfigMaps (its one list and watch)
  await rm.applyAll([a]);
  await eventually(async () => {
    if (!(await cache.get(cmRef(ns, 'a')))?.obj) throw new Error('not cached yet');
  });
  kube.stats.reset();
  const waiting = rm.waitForSet([a], { timeoutMs: 30_000, failFast: true, healthChecks: stateChecks });
  waiting.catch(() => undefined);
  await kube.mergePatch(cmRef(ns, 'a'), { data: { state: 'broken' } });
  await assert.rejects(waiting, {
    message: `failed early due to stalled resources: [ConfigMap/${ns}/a status: 'Failed': health check expression '${stateChecks[0]?.failed}' is true]`,
  });
  const passing = rm.waitForSet([a], { timeoutMs: 30_000, healthChecks: stateChecks });
  await kube.mergePatch(cmRef(ns, 'a'), { data: { state: 'ready' } });
  await passing;
  const { list, watch } = kube.stats.snapshot();
  assert.equal(list ?? 0, 0, 'no list: the cache was read');
  assert.equal(watch ?? 0, 0, 'no watch: the cache was followed');
});
