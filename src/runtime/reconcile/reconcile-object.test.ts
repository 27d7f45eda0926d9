import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as conditions from '../conditions/index.ts';
import type { KubeClient } from '../kube/index.ts';
import { WaitingError } from './outcomes.ts';
import { type ReconcileShape, reconcileObject, Stop } from './reconcile-object.ts';
import type { FluxObject } from './summarize-and-patch.ts';

// the runner's order of guards, steps and exit is the unit; the writes are recorded, not sent
function fakeKube() {
  const writes: string[] = [];
  const kube = {
    mergePatch: async (_ref: unknown, body: { metadata: { finalizers: string[] | null } }) => {
      writes.push(`finalizers ${JSON.stringify(body.metadata.finalizers)}`);
      return { metadata: { finalizers: body.metadata.finalizers ?? undefined, resourceVersion: '2' } };
    },
    patchStatus: async () => {
      writes.push('status');
      return { metadata: { resourceVersion: '3' } };
    },
  } as unknown as KubeClient;
  return { kube, writes };
}

type Widget = FluxObject & { spec: { suspend?: boolean } };
const ref = { group: 'g', version: 'v1', resource: 'widgets', namespace: 'ns', name: 'a' };

function widget(metadata: Record<string, unknown> = {}, spec: Widget['spec'] = {}): Widget {
  return {
    metadata: {
      name: 'a',
      namespace: 'ns',
      generation: 1,
      finalizers: ['finalizers.fluxcd.io'],
      ...metadata,
    },
    spec,
    status: {},
  } as Widget;
}

function shape(
  kube: KubeClient,
  obj: Widget,
  ran: string[],
  extra: Partial<ReconcileShape<Widget, string[]>> = {},
) {
  return {
    kube,
    ref,
    obj,
    finalize: async () => {
      ran.push('finalize');
    },
    start: () => ran,
    steps: [(_o: Widget, r: string[]) => void r.push('one'), (_o: Widget, r: string[]) => void r.push('two')],
    exit: () => ({ intervalMs: 1_000 }),
    ...extra,
  } satisfies ReconcileShape<Widget, string[]>;
}

test('deleted: the kind finalizes, the finalizer is dropped, no step runs', async () => {
  const { kube, writes } = fakeKube();
  const ran: string[] = [];
  const obj = widget({ deletionTimestamp: '2026-01-01T00:00:00Z' });
  assert.equal(await reconcileObject(shape(kube, obj, ran)), undefined);
  assert.deepEqual(ran, ['finalize']);
  assert.deepEqual(writes, ['finalizers null']);
});

test('a new object gets the finalizer, then stops or goes on as the kind says', async () => {
  const stopped = fakeKube();
  const ran: string[] = [];
  const obj = widget({ finalizers: undefined });
  assert.equal(await reconcileObject(shape(stopped.kube, obj, ran, { stopAfterFinalizer: true })), undefined);
  assert.deepEqual(stopped.writes, ['finalizers ["finalizers.fluxcd.io"]']);
  assert.deepEqual(ran, []);

  const going = fakeKube();
  let first: boolean | undefined;
  const result = await reconcileObject(
    shape(going.kube, widget({ finalizers: undefined }), ran, {
      start: ({ finalizerAdded }) => {
        first = finalizerAdded;
        return ran;
      },
    }),
  );
  assert.equal(first, true);
  assert.deepEqual(ran, ['one', 'two']);
  assert.deepEqual(result, { requeueAfterMs: 1_000 });
});

test('suspended: nothing runs, nothing is written', async () => {
  const { kube, writes } = fakeKube();
  const ran: string[] = [];
  assert.equal(await reconcileObject(shape(kube, widget({}, { suspend: true }), ran)), undefined);
  assert.deepEqual(ran, []);
  assert.deepEqual(writes, []);
});

test('a gate ends the run with its result and no status write', async () => {
  const { kube, writes } = fakeKube();
  const ran: string[] = [];
  const result = await reconcileObject(shape(kube, widget(), ran, { gate: () => ({ requeueAfterMs: 5 }) }));
  assert.deepEqual(result, { requeueAfterMs: 5 });
  assert.deepEqual(ran, []);
  assert.deepEqual(writes, []);
});

test('steps run in order; Stop ends the run as a success; the exit sees the run', async () => {
  const { kube, writes } = fakeKube();
  const ran: string[] = [];
  const obj = widget();
  let seen: unknown = 'unset';
  const result = await reconcileObject(
    shape(kube, obj, ran, {
      steps: [(_o, r) => void r.push('one'), () => Stop, (_o, r) => void r.push('never')],
      exit: (_o, r, outcome) => {
        seen = outcome;
        return { intervalMs: 7, successMessage: `ran ${r.join(',')}` };
      },
    }),
  );
  assert.deepEqual(ran, ['one']);
  assert.equal(seen, undefined);
  assert.deepEqual(result, { requeueAfterMs: 7 });
  assert.equal(conditions.get(obj, 'Ready')?.message, 'ran one');
  assert.deepEqual(writes, ['status']);
});

test('a thrown outcome skips the rest and reaches the exit', async () => {
  const { kube } = fakeKube();
  const ran: string[] = [];
  const obj = widget();
  const wait = new WaitingError('DependencyNotReady', 9, 'not yet');
  let seen: unknown;
  const result = await reconcileObject(
    shape(kube, obj, ran, {
      steps: [
        () => {
          throw wait;
        },
        (_o, r) => void r.push('never'),
      ],
      exit: (_o, _r, outcome) => {
        seen = outcome;
        return { intervalMs: 1 };
      },
    }),
  );
  assert.equal(seen, wait);
  assert.deepEqual(ran, []);
  assert.deepEqual(result, { requeueAfterMs: 9 });
  assert.equal(conditions.get(obj, 'Ready')?.reason, 'DependencyNotReady');
});

test('observesGeneration false: no progress marked, no observedGeneration written', async () => {
  const { kube } = fakeKube();
  const obj = widget();
  let during: string | undefined;
  await reconcileObject(
    shape(kube, obj, [], {
      observesGeneration: false,
      steps: [
        (o) => {
          during = conditions.get(o, 'Reconciling')?.status;
        },
      ],
    }),
  );
  assert.equal(during, undefined);
  assert.equal(obj.status?.observedGeneration, undefined);
  const marked = widget();
  let markedDuring: string | undefined;
  await reconcileObject(
    shape(kube, marked, [], {
      steps: [
        (o) => {
          markedDuring = conditions.get(o, 'Reconciling')?.status;
        },
      ],
    }),
  );
  assert.equal(markedDuring, 'True');
  assert.equal(marked.status?.observedGeneration, 1);
});
