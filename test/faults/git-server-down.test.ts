// The git server of a GitRepository answering 503, then hanging, then refusing connections, then
// cutting its answer short, then answering slowly, while
// a Kustomization applies its artifact. The GitRepository goes Ready False with the reason, its
// retries back off (measured on the server's request timestamps), the last good artifact is still
// served, the Kustomization prunes nothing, and everything recovers when the server comes back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startGitHttpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  cmRef,
  configMap,
  exists,
  gitRef,
  ksRef,
  kustomization,
  type Obj,
  ready,
  startController,
  waitReady,
} from '../support/kustomize-harness.ts';
import { startTestSourceController, waitForSourceReady } from '../support/source-controller.ts';
import { gaps, startFaultyFront } from './support/faulty-front.ts';
import { assertStillServed } from './support/source-drill.ts';

test('git server 503 / hanging / refusing / truncated / slow: Ready False, backoff, last artifact served, no prune, recovery', {
  timeout: 180_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'fault-git');
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  const front = await startFaultyFront(t, git.url);
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'] });
  await startController(t, kube, ns);
  await git.createRepository('app', {
    files: { 'deploy/a.yaml': configMap('a'), 'deploy/b.yaml': configMap('b') },
  });
  await kube.create(gitRef(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'repo', namespace: ns },
    spec: { url: `${front.url}/app.git`, ref: { branch: 'main' }, interval: '1h', timeout: '3s' },
  });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { path: './deploy', targetNamespace: ns, interval: '2s' }),
  );
  const good = await waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'True');
  const applied = await waitReady(kube, ns, 'apps');
  const rvs = async () =>
    Promise.all(['a', 'b'].map(async (n) => (await kube.get<Obj>(cmRef(ns, n))).metadata?.resourceVersion));
  const before = await rvs();
  // Git drops b: applied, it would be pruned; while the server fails nothing may change
  const next = await git.pushCommit('app', { files: { 'deploy/b.yaml': null } });
  const requestReconcile = () =>
    kube.mergePatch(gitRef(ns, 'repo'), {
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } },
    });
  const failedWith = (pattern: RegExp) =>
    waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'False', {
      check: (o) => {
        assert.equal(ready(o)?.reason, 'GitOperationFailed');
        assert.match(ready(o)?.message, pattern, JSON.stringify(ready(o)));
      },
    });
  /** The last good artifact is still downloadable, byte for byte. */
  const stillServed = () => assertStillServed(kube, gitRef(ns, 'repo'), good);
  /** The Kustomization keeps reconciling the last good revision and has pruned nothing. */
  const nothingPruned = async () => {
    const ks = await kube.get<Obj>(ksRef(ns, 'apps'));
    assert.equal(ks.status.lastAppliedRevision, applied.status.lastAppliedRevision);
    assert.deepEqual(ks.status.inventory, applied.status.inventory);
    assert.deepEqual(await rvs(), before);
  };

  // 1. 503: the retries back off
  front.mode = '503';
  const failingFrom = Date.now();
  await requestReconcile();
  await failedWith(/503/);
  await stillServed();
  const attempts = () =>
    front.seen
      .filter((r) => r.mode === '503' && r.at >= failingFrom && r.path.includes('/info/refs'))
      .map((r) => r.at);
  await eventually(() => assert.ok(attempts().length >= 5, `${attempts().length} attempts`), {
    what: 'five failed attempts',
    timeoutMs: 40_000,
  });
  const schedule = gaps(attempts().slice(0, 5));
  // each wait longer than the one before (the first one, 750 ms, is no tight loop either)
  assert.ok(schedule[0] >= 500, `first retry after ${schedule[0]} ms`);
  for (let i = 1; i < schedule.length; i++)
    assert.ok(schedule[i] > schedule[i - 1] * 1.5, `retry gaps do not grow: ${schedule.join(', ')} ms`);
  await nothingPruned();

  // the server returns: recovery without a nudge, and the Kustomization prunes b only now
  front.mode = 'pass';
  await waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'True', {
    timeoutMs: 60_000,
    check: (o) => assert.equal(o.status.artifact.revision, `main@sha1:${next}`),
  });
  await eventually(
    async () => {
      const ks = await kube.get<Obj>(ksRef(ns, 'apps'));
      assert.equal(ks.status.lastAppliedRevision, `main@sha1:${next}`);
    },
    { what: 'the Kustomization applies the new revision' },
  );
  assert.equal(await exists(kube, cmRef(ns, 'b')), false, 'b pruned after recovery');
  assert.equal(await exists(kube, cmRef(ns, 'a')), true);

  // 2. a hanging server: the fetch ends at spec.timeout, with the reason
  const last = await kube.get<Obj>(gitRef(ns, 'repo'));
  const lastInventory = (await kube.get<Obj>(ksRef(ns, 'apps'))).status.inventory;
  await git.pushCommit('app', { files: { 'deploy/a.yaml': configMap('a', { k: '2' }) } });
  front.mode = 'hang';
  const hangStart = Date.now();
  await requestReconcile();
  await failedWith(/timeout|timed out|deadline/i);
  assert.ok(Date.now() - hangStart < 30_000, 'the hanging fetch was not bounded');
  // 3. refused connections
  front.mode = 'drop';
  await requestReconcile();
  await failedWith(/socket|reset|closed|connect|eof|empty reply|unexpected disconnect/i);
  const failing = await kube.get<Obj>(gitRef(ns, 'repo'));
  assert.deepEqual(failing.status.artifact, last.status.artifact);
  assert.deepEqual((await kube.get<Obj>(ksRef(ns, 'apps'))).status.inventory, lastInventory);
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, 'v', 'a changed while the source failed');

  front.mode = 'pass';
  await requestReconcile();
  await waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'True', { timeoutMs: 60_000 });
  await eventually(async () => assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '2'), {
    what: 'a updated after the second recovery',
  });

  // 4. an answer cut short: the pack arrives half, the fetch fails, nothing changes
  const whole = await kube.get<Obj>(gitRef(ns, 'repo'));
  const third = await git.pushCommit('app', { files: { 'deploy/a.yaml': configMap('a', { k: '3' }) } });
  front.truncates = /git-upload-pack$/;
  front.mode = 'truncate';
  await requestReconcile();
  await failedWith(/transfer closed with outstanding read data remaining|early eof|unexpected disconnect/i);
  assert.deepEqual((await kube.get<Obj>(gitRef(ns, 'repo'))).status.artifact, whole.status.artifact);
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '2', 'a changed from a cut answer');
  assert.ok(
    front.seen.some((r) => r.mode === 'truncate' && r.path.endsWith('git-upload-pack')),
    'no pack request was cut',
  );

  // 5. a slow server (every answer half a second late, within spec.timeout): the fetch succeeds
  front.delayMs = 500;
  front.mode = 'slow';
  await requestReconcile();
  await waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'True', {
    timeoutMs: 60_000,
    check: (o) => assert.equal(o.status.artifact.revision, `main@sha1:${third}`),
  });
  await eventually(async () => assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '3'), {
    what: 'a updated from the slow server',
  });
});
