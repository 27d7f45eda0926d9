// The kustomize side of a broken artifact server: the source's status.artifact (written by the
// test, no source controller running) points at a server that refuses connections, answers 503,
// hangs, or serves bytes that do not match the advertised digest. Each time the Kustomization goes
// Ready False ArtifactFailed with the reason, and the API proxy in front of the controller counts
// no apply and no delete; when the artifact is good again, the new revision is applied.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../support/cluster.ts';
import {
  artifactServer,
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
import { isApply } from './support/api-proxy.ts';
import { faultSetup, proxiedClient } from './support/fault-setup.ts';
import { startFaultyFront } from './support/faulty-front.ts';

test('artifact server refusing, 503, hanging or serving a wrong digest: ArtifactFailed, nothing applied or pruned', {
  timeout: 180_000,
}, async (t) => {
  const { kube, ns, proxy } = await faultSetup(t, 'fault-artifact');
  const controllerKube = proxiedClient(t, proxy);
  const server = await artifactServer(t, kube);
  // the next revision, published first so that the Kustomization never sees it whole: it drops
  // b and changes a, so applying it would write a and delete b
  const revision = await server.publish(ns, 'repo', { 'a.yaml': configMap('a', { k: '2' }) });
  const next = (await kube.get<Obj>(gitRef(ns, 'repo'))).status.artifact;
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a'), 'b.yaml': configMap('b') });
  await startController(t, controllerKube, ns);
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { targetNamespace: ns, retryInterval: '1s', timeout: '3s' }),
  );
  const good = await waitReady(kube, ns, 'apps');
  const rvs = async () =>
    Promise.all(['a', 'b'].map(async (n) => (await kube.get<Obj>(cmRef(ns, n))).metadata?.resourceVersion));
  const before = await rvs();

  const front = await startFaultyFront(t, new URL(next.url).origin);
  const writes = () =>
    proxy.seen.filter(
      (r) =>
        r.path.startsWith(`/api/v1/namespaces/${ns}/configmaps`) && (isApply(r) || r.method === 'DELETE'),
    ).length;
  const writesBefore = writes();
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['drop', { url: `${front.url}${new URL(next.url).pathname}` }, /^failed to download artifact from http/],
    ['503', { url: `${front.url}${new URL(next.url).pathname}` }, /status: 503/],
    ['hang', { url: `${front.url}${new URL(next.url).pathname}` }, /abort|timeout|timed out/i],
    [
      'pass',
      { digest: `sha256:${'0'.repeat(64)}` },
      /^failed to verify artifact: computed digest doesn't match/,
    ],
  ];
  for (const [mode, change, message] of cases) {
    front.mode = mode as typeof front.mode;
    const started = Date.now();
    await kube.patchStatus(gitRef(ns, 'repo'), { status: { artifact: { ...next, ...change } } });
    await eventually(
      async () => {
        const o = await kube.get<Obj>(ksRef(ns, 'apps'));
        assert.equal(ready(o)?.status, 'False', `${mode}: ${JSON.stringify(ready(o))}`);
        assert.equal(ready(o)?.reason, 'ArtifactFailed');
        assert.match(ready(o)?.message, message);
        assert.equal(o.status.lastAttemptedRevision, revision);
      },
      { what: `ArtifactFailed (${mode})` },
    );
    assert.ok(Date.now() - started < 25_000, `${mode}: the failure took ${Date.now() - started} ms`);
    const o = await kube.get<Obj>(ksRef(ns, 'apps'));
    assert.equal(o.status.lastAppliedRevision, good.status.lastAppliedRevision);
    assert.deepEqual(o.status.inventory, good.status.inventory);
    assert.deepEqual(await rvs(), before, `${mode}: an object changed`);
    assert.equal(writes(), writesBefore, `${mode}: an apply or delete reached the API server`);
  }

  // the artifact is good again: applied and pruned
  await kube.patchStatus(gitRef(ns, 'repo'), { status: { artifact: next } });
  await eventually(async () => {
    const o = await kube.get<Obj>(ksRef(ns, 'apps'));
    assert.equal(o.status.lastAppliedRevision, revision);
  });
  assert.equal(await exists(kube, cmRef(ns, 'b')), false);
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '2');
});
