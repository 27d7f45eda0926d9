// A sample reconciler built only on tsflux's runtime, against a real API server and a CRD of the
// test's own: finalizer add/remove, interval requeue, backoff on errors, stalling, suspend and
// reconcile requests, as Flux's controllers behave.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type TestContext, test } from 'node:test';
import { Informer } from '../../src/runtime/cache/index.ts';
import * as conditions from '../../src/runtime/conditions/index.ts';
import {
  Controller,
  fluxPrimary,
  referencesIndex,
  watchLabelSelector,
} from '../../src/runtime/controller/index.ts';
import { isNotFound, type KubeClient, type ResourceRef } from '../../src/runtime/kube/index.ts';
import { Logger } from '../../src/runtime/logging/index.ts';
import { ControllerMetrics, Registry, serveMetrics } from '../../src/runtime/metrics/index.ts';
import {
  addFinalizer,
  type FluxObject,
  isDeleting,
  isSuspended,
  markProgressing,
  removeFinalizer,
  StallingError,
  summarizeAndPatch,
  TransientError,
  WaitingError,
} from '../../src/runtime/reconcile/index.ts';
import { ItemExponentialBackoff } from '../../src/runtime/workqueue/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';

type Widget = FluxObject & {
  spec: {
    intervalMs: number;
    waitMs?: number;
    fail?: boolean;
    stall?: boolean;
    suspend?: boolean;
    secretRef?: { name: string };
  };
};

async function widgetCrd(t: TestContext, kube: KubeClient): Promise<string> {
  const group = `w${randomBytes(3).toString('hex')}.tsflux.test`;
  const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
  const name = `widgets.${group}`;
  await kube.create(crds, {
    metadata: { name },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  });
  t.after(() => kube.delete({ ...crds, name }).catch(() => {}));
  await eventually(async () => {
    const crd = await kube.get<FluxObject>({ ...crds, name });
    assert.ok(conditions.isTrue(crd, 'Established'));
  });
  return group;
}

/** The sample reconciler: the shape every tsflux controller follows. */
function widgetController(kube: KubeClient, informer: Informer<Widget>, ref: (name: string) => ResourceRef) {
  const runs = new Map<string, number[]>();
  const events: string[] = [];
  const registry = new Registry();
  const metrics = new ControllerMetrics(registry);
  const logLines: Record<string, unknown>[] = [];
  const controller = new Controller({
    group: 'tsflux.test',
    kind: 'Widget',
    logger: new Logger({ write: (l) => logLines.push(JSON.parse(l)) }),
    queueMetrics: metrics.queueMetrics('widget'),
    observer: metrics.observer('widget', 2),
    name: 'widget',
    informer,
    predicate: fluxPrimary,
    concurrency: 2,
    intervalJitterPercent: 0,
    rateLimiter: new ItemExponentialBackoff<string>(200, 5_000),
    reconciler: {
      async reconcile(req) {
        const cached = informer.get(req.namespace, req.name);
        if (!cached) return undefined;
        const obj = structuredClone(cached);
        runs.set(req.name, [...(runs.get(req.name) ?? []), performance.now()]);
        if (isDeleting(obj)) {
          await removeFinalizer(kube, ref(req.name), obj);
          return undefined;
        }
        await addFinalizer(kube, ref(req.name), obj);
        if (isSuspended(obj)) return undefined;
        const statusBefore = await markProgressing(kube, ref(req.name), obj);
        const startedAt = performance.now();
        let outcome: unknown;
        try {
          if (obj.spec.stall) throw new StallingError('InvalidSpec', 'stall requested by spec');
          if (obj.spec.fail)
            throw new TransientError(
              'WidgetFailed',
              'widget failed: try again at https://bot:t0ps3cret@git.example',
            );
          if (obj.spec.waitMs)
            throw new WaitingError('DependencyNotReady', obj.spec.waitMs, "dependency 'db' is not ready");
        } catch (e: unknown) {
          outcome = e;
        }
        return summarizeAndPatch({
          kube,
          ref: ref(req.name),
          obj,
          statusBefore,
          outcome,
          intervalMs: obj.spec.intervalMs,
          startedAt,
          successMessage: `widget ${req.name} is ready`,
          reporters: {
            event: (_o, type, reason) => events.push(`${type} ${reason}`),
            duration: (o, seconds) => metrics.recordDuration(o, seconds),
          },
        });
      },
    },
  });
  return { controller, runs, events, registry, logLines };
}

test('a reconciler built on the runtime behaves as Flux controllers do', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'widgets');
  const group = await widgetCrd(t, kube);
  const widgets: ResourceRef = { group, version: 'v1', resource: 'widgets', namespace: ns };
  const ref = (name: string) => ({ ...widgets, name });
  const informer = new Informer<Widget>(kube, widgets);
  const { controller, runs, events, registry, logLines } = widgetController(kube, informer, ref);
  // Secrets labelled reconcile.fluxcd.io/watch=Enabled re-queue the widgets that reference them
  const secrets = new Informer(
    kube,
    { version: 'v1', resource: 'secrets', namespace: ns },
    {
      labelSelector: watchLabelSelector,
    },
  );
  controller.watch(
    secrets,
    referencesIndex(informer, 'secretRef', (o) => {
      const name = (o as Widget).spec?.secretRef?.name;
      return name ? [name] : [];
    }),
  );
  // every status the API server stored, as the watch reports them
  const history: string[] = [];
  informer.addEventHandler({
    onUpdate: (_old, w) =>
      history.push(
        `${w.metadata?.name} ${(w.status?.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`).join(' ')}`,
      ),
  });
  informer.start();
  secrets.start();
  t.after(async () => {
    await controller.stop();
    await informer.stop();
    await secrets.stop();
  });
  const started = controller.start();
  const create = (name: string, spec: Widget['spec']) =>
    eventually(() =>
      kube.create(widgets, { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name }, spec }),
    );
  await create('ok', { intervalMs: 700 });
  await started;
  const get = (name: string) => kube.get<Widget>(ref(name));

  await t.test('finalizer added, Ready True with observedGeneration', async () => {
    const w = await eventually(async () => {
      const w = await get('ok');
      assert.ok(conditions.isReady(w), 'not ready yet');
      return w;
    });
    assert.deepEqual(w.metadata?.finalizers, ['finalizers.fluxcd.io']);
    assert.equal(w.status?.observedGeneration, w.metadata?.generation);
    assert.equal(conditions.get(w, 'Ready')?.observedGeneration, w.metadata?.generation);
    assert.equal(conditions.get(w, 'Ready')?.message, 'widget ok is ready');
    assert.equal(conditions.has(w, 'Reconciling'), false);
    assert.ok(events.includes('Normal Succeeded'));
    assert.ok(
      history.includes('ok Reconciling=True/Progressing Ready=Unknown/Progressing'),
      `progress was visible before the result: ${history.join('; ')}`,
    );
  });

  await t.test('success requeues after the interval', async () => {
    const before = runs.get('ok')?.length ?? 0;
    await eventually(() => assert.ok((runs.get('ok')?.length ?? 0) >= before + 2), { timeoutMs: 10_000 });
  });

  await t.test('errors retry with exponential backoff and Flux conditions', async () => {
    await create('failing', { intervalMs: 60_000, fail: true });
    const w = await eventually(async () => {
      const w = await get('failing');
      assert.equal(conditions.get(w, 'Ready')?.status, 'False');
      return w;
    });
    assert.equal(conditions.get(w, 'Ready')?.reason, 'WidgetFailed');
    assert.equal(conditions.get(w, 'Reconciling')?.reason, 'ProgressingWithRetry');
    assert.equal(
      conditions.get(w, 'Ready')?.message,
      'widget failed: try again at https://***:***@git.example',
      'credentials never reach a condition',
    );
    assert.equal(w.status?.observedGeneration, undefined, 'a failed generation is not observed');
    await eventually(() => assert.ok((runs.get('failing')?.length ?? 0) >= 5), { timeoutMs: 15_000 });
    const r = runs.get('failing')!;
    // run 1 adds the finalizer and fails; the retries then wait 200, 400, 800 ms...
    const gaps = r.slice(2, 5).map((at, i) => at - r[i + 1]);
    assert.ok(gaps[1] > gaps[0] * 1.5 && gaps[2] > gaps[1] * 1.5, `gaps grow: ${gaps.map(Math.round)}`);
    assert.ok(events.includes('Warning WidgetFailed'));
    // fixing the spec recovers, and the backoff is forgotten
    await kube.mergePatch(ref('failing'), { spec: { fail: false } });
    await eventually(async () => assert.ok(conditions.isReady(await get('failing'))));
    await eventually(() => assert.equal(controller.queue.numRequeues(`${ns}/failing`), 0));
  });

  await t.test('waiting for a dependency requeues after its delay, without backoff', async () => {
    await create('waiting', { intervalMs: 60_000, waitMs: 300 });
    const w = await eventually(async () => {
      const w = await get('waiting');
      assert.equal(conditions.get(w, 'Ready')?.reason, 'DependencyNotReady');
      return w;
    });
    assert.equal(conditions.get(w, 'Ready')?.status, 'False');
    assert.equal(conditions.get(w, 'Ready')?.message, "dependency 'db' is not ready");
    await eventually(() => assert.ok((runs.get('waiting')?.length ?? 0) >= 5), { timeoutMs: 10_000 });
    assert.equal(controller.queue.numRequeues(`${ns}/waiting`), 0, 'no backoff builds up');
    const r = runs.get('waiting')!;
    const gaps = r.slice(2, 5).map((at, i) => at - r[i + 1]);
    assert.ok(
      gaps.every((g) => g >= 250 && g < 1000),
      `runs follow the requested delay: ${gaps.map(Math.round)}`,
    );
    assert.ok(events.includes('Normal DependencyNotReady'), 'waiting is not a warning');
  });

  await t.test('a stalling error marks Stalled and does not retry', async () => {
    await create('stalled', { intervalMs: 500, stall: true });
    const w = await eventually(async () => {
      const w = await get('stalled');
      assert.ok(conditions.isStalled(w));
      return w;
    });
    assert.equal(conditions.get(w, 'Ready')?.status, 'False');
    assert.equal(conditions.get(w, 'Ready')?.reason, 'InvalidSpec');
    assert.equal(w.status?.observedGeneration, w.metadata?.generation, 'no retry can help this generation');
    const n = runs.get('stalled')!.length;
    // a witness proves the absence: 'ok' (every 700 ms) runs twice more, over two of the stalled
    // widget's intervals, while the stalled widget does not run again
    const witnessed = runs.get('ok')!.length;
    await eventually(() => assert.ok(runs.get('ok')!.length >= witnessed + 2), { what: 'the witness runs' });
    assert.equal(runs.get('stalled')!.length, n);
  });

  await t.test('a change of a watched Secret re-queues the widgets that reference it', async () => {
    const secretsRef = { version: 'v1', resource: 'secrets', namespace: ns };
    await kube.create(secretsRef, {
      metadata: { name: 'creds', labels: { 'reconcile.fluxcd.io/watch': 'Enabled' } },
      stringData: { token: 'one' },
    });
    await kube.create(secretsRef, { metadata: { name: 'unwatched' }, stringData: { token: 'one' } });
    await create('with-secret', { intervalMs: 3_600_000, secretRef: { name: 'creds' } });
    await eventually(async () => assert.ok(conditions.isReady(await get('with-secret'))));
    const n = runs.get('with-secret')!.length;
    await kube.mergePatch({ ...secretsRef, name: 'creds' }, { stringData: { token: 'two' } });
    await eventually(() => assert.equal(runs.get('with-secret')!.length, n + 1), {
      what: 'reconcile on secret change',
    });
  });

  await t.test('reconcile requests are echoed in lastHandledReconcileAt', async () => {
    await kube.mergePatch(ref('ok'), {
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': '2026-11-24T16:00:00Z' } },
    });
    await eventually(async () =>
      assert.equal((await get('ok')).status?.lastHandledReconcileAt, '2026-11-24T16:00:00Z'),
    );
  });

  await t.test('a suspended object is left alone', async () => {
    await kube.mergePatch(ref('ok'), { spec: { suspend: true } });
    await eventually(() => assert.ok(informer.get(ns, 'ok')?.spec.suspend));
    await kube.mergePatch(ref('ok'), {
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'while-suspended' } },
    });
    await eventually(() =>
      assert.equal(
        informer.get(ns, 'ok')?.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'],
        'while-suspended',
      ),
    );
    const n = runs.get('ok')!.length;
    // a witness proves the absence: 'waiting' (requeued every 300 ms) runs five more times, over
    // two of the suspended widget's intervals
    const witnessed = runs.get('waiting')!.length;
    await eventually(() => assert.ok(runs.get('waiting')!.length >= witnessed + 5), {
      what: 'the witness runs',
    });
    assert.ok(runs.get('ok')!.length <= n + 1, 'no interval requeues while suspended');
    assert.equal((await get('ok')).status?.lastHandledReconcileAt, '2026-11-24T16:00:00Z');
  });

  await t.test('metrics and logs report the reconciles', async (t) => {
    const server = await serveMetrics(registry, '127.0.0.1:0');
    t.after(() => server.close());
    const text = await (
      await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`)
    ).text();
    const value = (re: RegExp) => Number(text.match(re)?.[1] ?? Number.NaN);
    assert.ok(
      value(/^controller_runtime_reconcile_total\{controller="widget",result="error"\} (\d+)$/m) >= 4,
    );
    assert.ok(
      value(/^controller_runtime_reconcile_total\{controller="widget",result="requeue_after"\} (\d+)$/m) >= 2,
    );
    assert.ok(value(/^controller_runtime_reconcile_errors_total\{controller="widget"\} (\d+)$/m) >= 4);
    assert.ok(value(/^workqueue_adds_total\{controller="widget",name="widget"\} (\d+)$/m) >= 5);
    assert.ok(value(/^workqueue_retries_total\{controller="widget",name="widget"\} (\d+)$/m) >= 4);
    assert.match(
      text,
      new RegExp(
        `^gotk_reconcile_duration_seconds_count\\{kind="Widget",name="ok",namespace="${ns}"\\} \\d+$`,
        'm',
      ),
    );
    const failure = logLines.find((l) => l.msg === 'Reconciler error' && l.name === 'failing');
    assert.ok(failure, 'the failure was logged');
    assert.equal(failure.controllerKind, 'Widget');
    assert.deepEqual(failure.Widget, { name: 'failing', namespace: ns });
    assert.equal(failure.error, 'widget failed: try again at https://***:***@git.example');
  });

  await t.test('deletion runs the finalizer and the object goes away', async () => {
    await kube.delete(ref('ok'));
    await eventually(async () => {
      try {
        await get('ok');
        assert.fail('still there');
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
      }
    });
  });
});
