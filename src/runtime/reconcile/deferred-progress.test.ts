import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeClient } from '../kube/index.ts';
import { DeferredProgress } from './deferred-progress.ts';
import type { FluxObject } from './summarize-and-patch.ts';

// one turn of the event loop: what was due now has run
const turn = () => new Promise((resolve) => setImmediate(resolve));

// the unit under test is the timing logic; the status writes are recorded, not sent
function recorder() {
  const patches: unknown[] = [];
  const kube = {
    patchStatus: async (_ref: unknown, body: { status: unknown }) => {
      patches.push(structuredClone(body.status));
      return {};
    },
  } as unknown as KubeClient;
  return { kube, patches };
}

const ref = { group: 'g', version: 'v1', resource: 'things', namespace: 'ns', name: 'a' };
const object = (): FluxObject =>
  ({ metadata: { name: 'a', generation: 1 }, status: { observedGeneration: 0 } }) as unknown as FluxObject;

test('a run that ends before the delay writes no progress', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { kube, patches } = recorder();
  const obj = object();
  const progress = new DeferredProgress(kube, ref, obj, { delayMs: 200 });
  (obj.status as Record<string, unknown>).step = 'fetching';
  await progress.report();
  await progress.close();
  // long past the delay: the timer was cleared by close, so nothing fires
  t.mock.timers.tick(10_000);
  await turn();
  assert.deepEqual(patches, []);
  assert.deepEqual(progress.written, { observedGeneration: 0 });
});

test('a longer run writes the reported snapshot when the delay ends, then each report at once', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { kube, patches } = recorder();
  const obj = object();
  const status = obj.status as Record<string, unknown>;
  // the delay is measured on this clock, moved with the mocked timers
  let clock = 0;
  const progress = new DeferredProgress(kube, ref, obj, { delayMs: 30, now: () => clock });
  status.step = 'fetching';
  await progress.report();
  status.step = 'not reported yet';
  assert.deepEqual(patches, []);
  clock = 1_000;
  t.mock.timers.tick(1_000);
  await turn();
  assert.deepEqual(patches, [{ step: 'fetching' }]);
  status.step = 'health';
  await progress.report();
  assert.deepEqual(patches, [{ step: 'fetching' }, { step: 'health' }]);
  await progress.close();
  assert.deepEqual(progress.written, { observedGeneration: 0, step: 'health' });
});

test('close waits for a write in flight, and a failed write leaves `written` as the server has it', async () => {
  let release: () => void = () => {};
  const kube = {
    patchStatus: () =>
      new Promise((_resolve, reject) => {
        release = () => reject(new Error('conflict'));
      }),
  } as unknown as KubeClient;
  const obj = object();
  const progress = new DeferredProgress(kube, ref, obj, { delayMs: 0 });
  (obj.status as Record<string, unknown>).step = 'apply';
  const reported = progress.report().catch(() => undefined);
  let closed = false;
  const closing = progress.close().then(() => {
    closed = true;
  });
  await turn();
  assert.equal(closed, false);
  release();
  await Promise.all([reported, closing]);
  assert.deepEqual(progress.written, { observedGeneration: 0 });
});
