// The clock jumping under the manager: the process is frozen with SIGSTOP across several of a
// Kustomization's requeue intervals, then resumed with SIGCONT. The overdue requeue must fire once,
// promptly, and the next one a whole interval later: no burst of catch-up reconciles. Reconciles
// are counted on the API proxy as the dry-run applies of the Kustomization's one object.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '../support/cluster.ts';
import { artifactServer, configMap, ksRef, kustomization, waitReady } from '../support/kustomize-harness.ts';
import { faultSetup } from './support/fault-setup.ts';
import { gaps } from './support/faulty-front.ts';
import { startManagerProcess } from './support/manager-process.ts';

const INTERVAL_MS = 3_000;

test('SIGSTOP across several requeue intervals, then SIGCONT: the requeue fires once', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns, proxy } = await faultSetup(t, 'fault-pause');
  const server = await artifactServer(t, kube);
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a') });
  const m = startManagerProcess(t, { kubeconfig: proxy.kubeconfig, namespace: ns, controllers: 'kustomize' });
  t.after(() => {
    m.child.kill('SIGCONT');
  });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { targetNamespace: ns, interval: `${INTERVAL_MS / 1000}s` }),
  );
  await waitReady(kube, ns, 'apps');
  const reconciles = (since: number) =>
    proxy.seen
      .filter(
        (r) =>
          r.at >= since &&
          r.method === 'PATCH' &&
          r.query.has('dryRun') &&
          r.path === `/api/v1/namespaces/${ns}/configmaps/a`,
      )
      .map((r) => r.at);
  // the steady state first: a reconcile every interval
  const steady = Date.now();
  await eventually(() => assert.ok(reconciles(steady).length >= 2), {
    what: 'two interval reconciles',
    timeoutMs: 20_000,
  });

  m.child.kill('SIGSTOP');
  // the fault itself: frozen for four intervals
  await sleep(4 * INTERVAL_MS);
  assert.equal(m.child.exitCode, null);
  const resumed = Date.now();
  m.child.kill('SIGCONT');
  await eventually(() => assert.ok(reconciles(resumed).length >= 2), {
    what: 'two reconciles after the resume',
    timeoutMs: 20_000,
  });
  const [first, second] = reconciles(resumed);
  assert.ok(
    first - resumed < INTERVAL_MS,
    `the overdue requeue fired ${first - resumed} ms after the resume`,
  );
  // jitter is 5%: anything much under an interval is a second, catch-up run
  const [gap] = gaps([first, second]);
  assert.ok(gap >= INTERVAL_MS * 0.85, `a second reconcile ${gap} ms after the first: a catch-up burst`);
});
