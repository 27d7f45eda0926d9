// kube-apiserver restarted (stopped and started again on the same etcd) in the middle of the
// manager's apply of a 100-object Kustomization: the API proxy starts the restart when the 30th
// apply arrives and drops that request. The manager (a real process) must retry the apply to
// convergence, resume its informers without a relist storm (LISTs counted on the proxy), and miss
// no change made right after the restart. The case runs its own control plane, because restarting
// the shared one would disturb the other tests. (test/integration/watch-apiserver-restart.test.ts
// covers one informer's event stream across a restart.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { restartServer, startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { KubeClient, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { eventually } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';
import { artifactServer, cmRef, ksRef, kustomization, type Obj } from '../support/kustomize-harness.ts';
import { isApply, type SeenRequest, startApiProxy } from './support/api-proxy.ts';
import { startManagerProcess } from './support/manager-process.ts';
import { cmTree, waitAppliedMany } from './support/many-objects.ts';

/** A GET of a collection (namespaced or not) that is not a watch: what an informer's (re)list sends. */
const isList = (r: SeenRequest) =>
  r.method === 'GET' &&
  !r.watch &&
  /^\/(api\/v1|apis\/[^/]+\/[^/]+)(\/namespaces\/[^/]+)?\/[^/]+$/.test(r.path);

test('kube-apiserver restarted mid-apply: the apply converges, informers resume, no relist storm, nothing missed', {
  timeout: 300_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-fault-restart-'));
  t.after(async () => {
    await stopControlPlane(join(dir, 'cluster'), { purge: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const state = await startControlPlane({ dir: join(dir, 'cluster'), workloads: false });
  const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { userAgent: 'tsflux-tests' });
  t.after(() => kube.close());
  await ensureFluxCrds(kube);
  const ns = 'faults';
  await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: ns } });
  const proxy = await startApiProxy(t, state.kubeconfig, dir);
  const server = await artifactServer(t, kube);
  await server.publish(ns, 'repo', cmTree(100));
  const m = startManagerProcess(t, { kubeconfig: proxy.kubeconfig, namespace: ns, controllers: 'kustomize' });

  let restarted: Promise<void> | undefined;
  let restartAt = 0;
  let applies = 0;
  proxy.intercept = (r) => {
    if (restarted || !isApply(r) || !r.path.includes('/configmaps/') || ++applies !== 30) return undefined;
    restartAt = r.at;
    restarted = restartServer(join(dir, 'cluster'), 'kube-apiserver');
    return 'drop';
  };
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns, retryInterval: '2s' }));
  await eventually(() => assert.ok(restarted), { what: 'the restart mid-apply', timeoutMs: 60_000 });
  await restarted;
  const listsBefore = proxy.seen.filter((r) => r.at < restartAt && isList(r)).length;
  // a change right after the restart, while the manager reconnects: Git drops 40 objects
  const revision = await server.publish(ns, 'repo', cmTree(60));
  await waitAppliedMany(kube, ns, revision, 60, 'convergence after the restart');
  const cms = (await kube.list<Obj>(cmRef(ns))).items
    .map((o) => o.metadata?.name)
    .filter((n) => n?.startsWith('cm-'));
  assert.equal(cms.length, 60);
  // informers resume from their resourceVersion: at most one relist each, no storm
  const listsAfter = proxy.seen.filter((r) => r.at >= restartAt && isList(r)).length;
  t.diagnostic(`${listsBefore} lists at start, ${listsAfter} after the restart`);
  assert.ok(listsAfter <= listsBefore, `${listsAfter} lists after the restart, ${listsBefore} at start`);
  assert.equal(m.child.exitCode, null, `the manager exited: ${m.stderr().slice(-2000)}`);
});
