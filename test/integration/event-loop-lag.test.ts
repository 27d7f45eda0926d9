// All controllers share one Node thread. A hostile or merely large repository must not stall the
// others: here a 50 MiB repository whose Kustomization patches with a catastrophic-backtracking
// target regex is fetched, archived, downloaded, extracted and built, while a small Kustomization
// is asked to reconcile again and again. Each request must be handled within a bound a loaded
// 2-core box meets, and the event loop must never be held up for long (measured with the same
// monitor the manager exposes as nodejs_eventloop_lag_*_seconds).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { EventLoopLag } from '../../src/runtime/metrics/index.ts';
import { startGitHttpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  cmRef,
  configMap,
  ksRef,
  type Obj,
  startController,
  waitReady,
} from '../support/kustomize-harness.ts';
import { startTestSourceController } from '../support/source-controller.ts';

const MiB = 1024 * 1024;
/** How long a requested reconcile of the small Kustomization may take while the big one runs. */
const HANDLED_WITHIN_MS = 10_000;
/** How long the big repository may take from creation to applied, on a loaded 2-core box. */
const BIG_APPLIED_WITHIN_MS = 180_000;
/** The longest the event loop may be held up at once. */
const MAX_LAG_SECONDS = 1;
// a ConfigMap name made only of `a`: `(a+)+b` against it needs 2^40 steps from a backtracking engine
const VICTIM = 'a'.repeat(40);

/** 50 MiB of incompressible files outside the built path, plus a build with a hostile target. */
function bigRepository(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < 200; i++) files[`data/blob-${String(i).padStart(3, '0')}.bin`] = randomBytes(MiB / 4);
  files['deploy/configmap.yaml'] = configMap(VICTIM);
  files['deploy/kustomization.yaml'] = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources: [configmap.yaml]',
    'patches:',
    '  - target: { kind: ConfigMap, name: "(a+)+b" }',
    '    patch: |',
    '      - op: add',
    '        path: /data/patched',
    '        value: "yes"',
    '',
  ].join('\n');
  return files;
}

const gitRepository = (ns: string, name: string, url: string): Obj => ({
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name, namespace: ns },
  spec: { url, ref: { branch: 'main' }, interval: '10m' },
});

const kustomizationOf = (ns: string, name: string, path: string): Obj => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: ns },
  spec: {
    interval: '10m',
    prune: true,
    path,
    targetNamespace: ns,
    sourceRef: { kind: 'GitRepository', name },
  },
});

test('a 50 MiB repository and a catastrophic-backtracking patch target leave another Kustomization reconciling', {
  timeout: 300_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'lag');
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'] });
  await startController(t, kube, ns);
  const gitRef = {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'gitrepositories',
    namespace: ns,
  };

  await git.createRepository('small', { files: { 'app/configmap.yaml': configMap('small') } });
  await kube.create(gitRef, gitRepository(ns, 'small', git.repoUrl('small')));
  await kube.create(ksRef(ns), kustomizationOf(ns, 'small', './app'));
  await waitReady(kube, ns, 'small');

  const bigHead = await git.createRepository('big', { files: bigRepository() });
  const lag = new EventLoopLag(10);
  t.after(() => lag.stop());
  await kube.create(gitRef, gitRepository(ns, 'big', git.repoUrl('big')));
  await kube.create(ksRef(ns), kustomizationOf(ns, 'big', './deploy'));

  const bigApplied = async () => {
    const big = await kube.get<Obj>(ksRef(ns, 'big'));
    return big.status?.lastAppliedRevision === `main@sha1:${bigHead}`;
  };
  let handledWhileBigRan = 0;
  const slowest: number[] = [];
  const deadline = Date.now() + BIG_APPLIED_WITHIN_MS;
  for (let i = 0; !(await bigApplied()); i++) {
    if (Date.now() > deadline) {
      const big = await kube.get<Obj>(ksRef(ns, 'big'));
      const source = await kube.get<Obj>({ ...gitRef, name: 'big' });
      const readyOf = (o: Obj) => JSON.stringify(o.status?.conditions?.find((c: any) => c.type === 'Ready'));
      assert.fail(`the big Kustomization was never applied: ${readyOf(big)}; its source: ${readyOf(source)}`);
    }
    const requestedAt = `${Date.now()}-${i}`;
    const asked = Date.now();
    await kube.mergePatch(ksRef(ns, 'small'), {
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': requestedAt } },
    });
    await eventually(
      async () => {
        const small = await kube.get<Obj>(ksRef(ns, 'small'));
        if (small.status?.lastHandledReconcileAt !== requestedAt)
          throw new Error(`last handled ${small.status?.lastHandledReconcileAt}`);
      },
      { timeoutMs: HANDLED_WITHIN_MS, intervalMs: 50, what: `small handling requestedAt ${requestedAt}` },
    );
    // checked here too: while the thread is held up, `eventually` cannot time out either
    const took = Date.now() - asked;
    assert.ok(took <= HANDLED_WITHIN_MS, `small handled requestedAt ${requestedAt} after ${took} ms`);
    slowest.push(took);
    handledWhileBigRan++;
  }
  const seen = lag.snapshot();
  t.diagnostic(
    `small handled ${handledWhileBigRan} requests while big ran (slowest ${Math.max(...slowest)} ms); ` +
      `event loop lag max ${seen.max.toFixed(3)} s, p99 ${seen.p99.toFixed(3)} s`,
  );
  // the big one took long enough for the small one to be asked more than once
  assert.ok(handledWhileBigRan >= 2, `only ${handledWhileBigRan} requests while the big one ran`);
  assert.ok(seen.max < MAX_LAG_SECONDS, `the event loop was held up for ${seen.max} s`);
  assert.ok(seen.p99 < MAX_LAG_SECONDS, `p99 event loop lag ${seen.p99} s`);

  // the hostile pattern was evaluated (RE2: `(a+)+b` does not match a name without `b`)
  await waitReady(kube, ns, 'big');
  const victim = await kube.get<Obj>(cmRef(ns, VICTIM));
  assert.equal(victim.data?.patched, undefined);
});
