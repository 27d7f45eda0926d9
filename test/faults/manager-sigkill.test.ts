// The manager killed with SIGKILL in the middle of applying a 200-object Kustomization, then in
// the middle of its prune. The kill is exact: the test's API proxy kills the process when the
// Nth real apply (or delete) arrives. A restarted manager must converge, keep the inventory whole,
// leave alone a foreign object that carries the Kustomization's own labels, and still prune what
// left Git.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../support/cluster.ts';
import { artifactServer, cmRef, ksRef, kustomization, type Obj } from '../support/kustomize-harness.ts';
import { isApply, type SeenRequest } from './support/api-proxy.ts';
import { faultSetup } from './support/fault-setup.ts';
import { type ManagerProcess, startManagerProcess } from './support/manager-process.ts';
import { cmTree, waitAppliedMany } from './support/many-objects.ts';

const N = 200;

test('SIGKILL mid-apply and mid-prune: the restarted manager converges, prunes, touches nothing else', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns, proxy } = await faultSetup(t, 'fault-kill');
  const server = await artifactServer(t, kube);
  // a foreign object that looks like the Kustomization's own (same owner labels) but is not in
  // its inventory: nothing may touch it
  const foreign = await kube.create<Obj>(cmRef(ns), {
    metadata: {
      name: 'foreign',
      labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': ns },
    },
    data: { k: 'v' },
  });
  const first = await server.publish(ns, 'repo', cmTree(N));
  const ourConfigMaps = (r: SeenRequest) => r.path.startsWith(`/api/v1/namespaces/${ns}/configmaps/`);
  const start = () =>
    startManagerProcess(t, { kubeconfig: proxy.kubeconfig, namespace: ns, controllers: 'kustomize' });
  /** Kills `m` (SIGKILL) when the `at`th request matching `what` reaches the proxy. */
  const killAt = (m: ManagerProcess, what: (r: SeenRequest) => boolean, at: number) => {
    let count = 0;
    proxy.intercept = (r) => {
      if (!what(r) || ++count !== at) return undefined;
      m.child.kill('SIGKILL');
      proxy.intercept = undefined;
      return 'drop';
    };
  };
  const countCms = async () =>
    (await kube.list<Obj>(cmRef(ns))).items.filter((o) => /^cm-\d+$/.test(o.metadata?.name ?? '')).length;

  // 1. killed after 60 of the 200 applies
  let m = start();
  killAt(m, (r) => isApply(r) && ourConfigMaps(r), 60);
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns }));
  await eventually(() => assert.equal(m.child.signalCode, 'SIGKILL'), {
    what: 'the kill mid-apply',
    timeoutMs: 60_000,
  });
  const partial = await countCms();
  assert.ok(partial >= 1 && partial < N, `${partial} of ${N} applied when killed`);
  assert.equal((await kube.get<Obj>(ksRef(ns, 'apps'))).status?.inventory, undefined, 'no inventory yet');

  // the restart converges: all 200 in the inventory, the foreign object untouched
  const appliesBefore = proxy.seen.filter((r) => isApply(r) && ourConfigMaps(r)).length;
  m = start();
  await waitAppliedMany(kube, ns, first, N, 'convergence after the kill');
  assert.equal(await countCms(), N);
  // only the missing ones were applied: the ones the killed run created are unchanged
  const applied = proxy.seen.filter((r) => isApply(r) && ourConfigMaps(r)).length - appliesBefore;
  assert.equal(applied, N - partial, `${applied} applies after the restart, ${partial} already there`);

  // 2. Git drops 150 of them; killed after 40 of the 150 deletes
  const revision = await server.publish(ns, 'repo', cmTree(50));
  killAt(m, (r) => r.method === 'DELETE' && ourConfigMaps(r), 40);
  await eventually(() => assert.equal(m.child.signalCode, 'SIGKILL'), {
    what: 'the kill mid-prune',
    timeoutMs: 60_000,
  });
  const left = await countCms();
  assert.ok(left > 50 && left < N, `${left} left when killed mid-prune`);
  // the inventory is written after the prune: it still lists all 200, so nothing is orphaned
  const killed = await kube.get<Obj>(ksRef(ns, 'apps'));
  assert.equal(killed.status.inventory.entries.length, N);

  const deletesBefore = proxy.seen.filter((r) => r.method === 'DELETE' && ourConfigMaps(r)).length;
  m = start();
  await waitAppliedMany(kube, ns, revision, 50, 'the prune finished after the restart');
  assert.equal(await countCms(), 50);
  // the restart deleted only what was still there (the 40 gone already may be retried once each)
  const deletes = proxy.seen.filter((r) => r.method === 'DELETE' && ourConfigMaps(r)).slice(deletesBefore);
  assert.ok(deletes.length >= 110 && deletes.length <= 150, `${deletes.length} deletes after the restart`);
  assert.ok(!deletes.some((r) => r.path.endsWith('/foreign')), 'the foreign object was deleted');

  // nothing ever wrote to the foreign object
  const after = await kube.get<Obj>(cmRef(ns, 'foreign'));
  assert.equal(after.metadata?.resourceVersion, foreign.metadata?.resourceVersion);
  assert.ok(
    !proxy.seen.some((r) => r.method !== 'GET' && r.path === `/api/v1/namespaces/${ns}/configmaps/foreign`),
    'a write reached the foreign object',
  );
});
