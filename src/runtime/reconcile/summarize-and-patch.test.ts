import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as conditions from '../conditions/index.ts';
import { KubeApiError, type KubeClient } from '../kube/index.ts';
import { redactor } from '../logging/index.ts';
import { StallingError, TransientError, WaitingError } from './outcomes.ts';
import { type FluxObject, type SummarizeInput, summarizeAndPatch } from './summarize-and-patch.ts';

// the exit is pure logic around one status write: the client only records that write
function fakeKube(options: { notFound?: boolean } = {}) {
  const patches: unknown[] = [];
  const kube = {
    patchStatus: async (_ref: unknown, body: { status: unknown }) => {
      if (options.notFound) throw new KubeApiError(404, 'NotFound', 'widgets "a" not found');
      patches.push(structuredClone(body.status));
      return { metadata: { resourceVersion: '42' } };
    },
  } as unknown as KubeClient;
  return { kube, patches };
}

const ref = { group: 'g', version: 'v1', resource: 'widgets', namespace: 'ns', name: 'a' };

function widget(annotations: Record<string, string> = {}): FluxObject {
  return { metadata: { name: 'a', namespace: 'ns', generation: 3, annotations }, status: {} } as FluxObject;
}

// runs the exit and records what it reported
async function exit(obj: FluxObject, input: Partial<SummarizeInput> & { kube: KubeClient }) {
  const events: string[] = [];
  const metadata: (Record<string, string> | undefined)[] = [];
  let durations = 0;
  let settled: { result?: unknown; error?: unknown };
  try {
    const result = await summarizeAndPatch({
      ref,
      obj,
      statusBefore: structuredClone(obj.status ?? {}),
      intervalMs: 60_000,
      startedAt: performance.now(),
      reporters: {
        event: (_o, type, reason, message, meta) => {
          events.push(`${type} ${reason}: ${message}`);
          metadata.push(meta);
        },
        duration: () => {
          durations++;
        },
      },
      ...input,
    });
    settled = { result };
  } catch (error: unknown) {
    settled = { error };
  }
  return { ...settled, events, metadata, durations };
}

test('success: Ready True, Reconciling and Stalled gone, generation and request recorded, next run after the interval', async () => {
  const { kube, patches } = fakeKube();
  const obj = widget({ 'reconcile.fluxcd.io/requestedAt': 'now-1' });
  conditions.markReconciling(obj);
  const out = await exit(obj, { kube, successMessage: 'widget a is ready' });
  assert.deepEqual(out.result, { requeueAfterMs: 60_000 });
  assert.equal(conditions.get(obj, 'Ready')?.status, 'True');
  assert.equal(conditions.get(obj, 'Ready')?.reason, 'Succeeded');
  assert.equal(conditions.get(obj, 'Ready')?.message, 'widget a is ready');
  assert.equal(conditions.has(obj, 'Reconciling'), false);
  assert.equal(obj.status?.observedGeneration, 3);
  assert.equal(obj.status?.lastHandledReconcileAt, 'now-1');
  assert.equal(patches.length, 1);
  assert.equal((patches[0] as { observedGeneration: number }).observedGeneration, 3);
  assert.deepEqual(out.events, ['Normal Succeeded: widget a is ready']);
  assert.equal(out.durations, 1);
});

test('stalled: Stalled True, Ready False with its reason, generation observed, no requeue, a Warning', async () => {
  const { kube } = fakeKube();
  const obj = widget();
  const out = await exit(obj, { kube, outcome: new StallingError('URLInvalid', "invalid url 'x'") });
  assert.deepEqual(out.result, {});
  assert.equal(conditions.get(obj, 'Stalled')?.reason, 'URLInvalid');
  assert.equal(conditions.get(obj, 'Ready')?.status, 'False');
  assert.equal(conditions.get(obj, 'Ready')?.message, "invalid url 'x'");
  assert.equal(conditions.has(obj, 'Reconciling'), false);
  assert.equal(obj.status?.observedGeneration, 3);
  assert.deepEqual(out.events, ["Warning URLInvalid: invalid url 'x'"]);
});

test('waiting: Ready False, Reconciling ProgressingWithRetry, requeued after its delay, a Normal event', async () => {
  const { kube } = fakeKube();
  const obj = widget();
  const wait = new WaitingError('DependencyNotReady', 30_000, "dependency 'db' is not ready");
  const out = await exit(obj, { kube, outcome: wait });
  assert.deepEqual(out.result, { requeueAfterMs: 30_000 });
  assert.equal(conditions.get(obj, 'Ready')?.reason, 'DependencyNotReady');
  assert.equal(conditions.get(obj, 'Reconciling')?.reason, 'ProgressingWithRetry');
  // not handled yet: the generation is observed only when Ready or Stalled
  assert.equal(obj.status?.observedGeneration, undefined);
  assert.deepEqual(out.events, ["Normal DependencyNotReady: dependency 'db' is not ready"]);
});

test('transient: the status is written, then the error is rethrown for a backoff retry; secrets redacted', async () => {
  const { kube, patches } = fakeKube();
  redactor.addSecret('t0ps3cret-for-the-exit');
  const obj = widget();
  const err = new TransientError('GitOperationFailed', 'failed to checkout: token t0ps3cret-for-the-exit');
  const out = await exit(obj, { kube, outcome: err });
  assert.equal(out.error, err);
  assert.equal(patches.length, 1);
  assert.equal(conditions.get(obj, 'Ready')?.reason, 'GitOperationFailed');
  assert.doesNotMatch(conditions.get(obj, 'Ready')?.message ?? '', /t0ps3cret/);
  assert.equal(out.events.length, 1);
  assert.match(out.events[0], /^Warning GitOperationFailed: failed to checkout: /);
  assert.doesNotMatch(out.events[0], /t0ps3cret/);
});

test('transient with retryAfterMs: requeued after that delay instead of rethrown', async () => {
  const { kube } = fakeKube();
  const obj = widget();
  const out = await exit(obj, {
    kube,
    retryAfterMs: 5_000,
    outcome: new TransientError('HealthCheckFailed', 'timeout'),
  });
  assert.deepEqual(out.result, { requeueAfterMs: 5_000 });
  assert.equal(out.error, undefined);
});

test('anything else is a bug: ReconciliationFailed, rethrown even with retryAfterMs', async () => {
  const { kube } = fakeKube();
  const obj = widget();
  const bug = new TypeError('x is undefined');
  const out = await exit(obj, { kube, retryAfterMs: 5_000, outcome: bug });
  assert.equal(out.error, bug);
  assert.equal(conditions.get(obj, 'Ready')?.reason, 'ReconciliationFailed');
});

test('nothing changed: no patch, no success event', async () => {
  const { kube, patches } = fakeKube();
  const obj = widget();
  conditions.markTrue(obj, 'Ready', 'Succeeded', 'reconciliation succeeded');
  obj.status = { ...obj.status, observedGeneration: 3 };
  const out = await exit(obj, { kube });
  assert.deepEqual(patches, []);
  assert.deepEqual(out.events, []);
  assert.deepEqual(out.result, { requeueAfterMs: 60_000 });
});

test('only the difference is patched', async () => {
  const { kube, patches } = fakeKube();
  const obj = widget();
  obj.status = { observedGeneration: 3, keep: 'same' };
  const out = await exit(obj, { kube, statusBefore: { observedGeneration: 3, keep: 'same', gone: 1 } });
  assert.equal(out.error, undefined);
  const patch = patches[0] as Record<string, unknown>;
  assert.equal(patch.gone, null);
  assert.equal('keep' in patch, false);
  assert.ok(Array.isArray(patch.conditions));
});

test('the object was deleted meanwhile: NotFound on the patch ends quietly, no event, no requeue', async () => {
  const { kube } = fakeKube({ notFound: true });
  const obj = widget();
  const out = await exit(obj, { kube, outcome: new WaitingError('DependencyNotReady', 1_000, 'wait') });
  assert.deepEqual(out.result, {});
  assert.equal(out.error, undefined);
  assert.deepEqual(out.events, []);
});

test('onPatched gets the updated object before the events; no call when nothing was written', async () => {
  const { kube } = fakeKube();
  const order: string[] = [];
  const obj = widget();
  await summarizeAndPatch({
    kube,
    ref,
    obj,
    statusBefore: {},
    intervalMs: 1,
    startedAt: 0,
    onPatched: async (updated) => {
      await Promise.resolve();
      order.push(`patched ${updated.metadata?.resourceVersion}`);
    },
    reporters: { event: () => order.push('event') },
  });
  assert.deepEqual(order, ['patched 42', 'event']);
  order.length = 0;
  await summarizeAndPatch({
    kube,
    ref,
    obj,
    statusBefore: structuredClone(obj.status),
    intervalMs: 1,
    startedAt: 0,
    onPatched: () => {
      order.push('patched');
    },
  });
  assert.deepEqual(order, []);
});

test('the kind words its events: hooks, shared metadata, none when a hook says so', async () => {
  const { kube } = fakeKube();
  const events = {
    metadata: { 'example.io/revision': 'main@sha1:abc' },
    success: () => ({
      type: 'Normal' as const,
      reason: 'NewArtifact',
      message: 'stored',
      metadata: { d: '1' },
    }),
    failure: (err: Error, message: string) =>
      err instanceof WaitingError ? undefined : { type: 'Warning' as const, reason: 'Custom', message },
  };
  const ok = await exit(widget(), { kube, events });
  assert.deepEqual(ok.events, ['Normal NewArtifact: stored']);
  assert.deepEqual(ok.metadata, [{ 'example.io/revision': 'main@sha1:abc', d: '1' }]);
  const quiet = await exit(widget(), {
    kube,
    events,
    outcome: new WaitingError('ArtifactFailed', 1, 'no artifact'),
  });
  assert.deepEqual(quiet.events, []);
  const loud = await exit(widget(), { kube, events, outcome: new StallingError('Bad', 'bad spec') });
  assert.deepEqual(loud.events, ['Warning Custom: bad spec']);
});

test('the default success event uses Ready before the run: none when a run ends where it started', async () => {
  const { kube } = fakeKube();
  const obj = widget();
  conditions.markTrue(obj, 'Ready', 'Succeeded', 'reconciliation succeeded');
  const readyBefore = structuredClone(conditions.get(obj, 'Ready'));
  // the steps marked progress in memory; the exit restores Ready as it was
  conditions.markReconciling(obj);
  const out = await exit(obj, { kube, readyBefore });
  assert.deepEqual(out.events, []);
});

test('keepReady: Ready as the steps left it; observedGeneration: false leaves the field out', async () => {
  const { kube } = fakeKube();
  const obj = widget({ 'reconcile.fluxcd.io/requestedAt': 'r2' });
  conditions.markFalse(obj, 'Ready', 'BuildFailed', 'broken');
  const out = await exit(obj, { kube, keepReady: true, observedGeneration: false, intervalMs: 0 });
  assert.equal(conditions.get(obj, 'Ready')?.reason, 'BuildFailed');
  assert.equal(obj.status?.observedGeneration, undefined);
  assert.equal(obj.status?.lastHandledReconcileAt, 'r2');
  assert.deepEqual(out.result, { requeueAfterMs: 0 });
});
