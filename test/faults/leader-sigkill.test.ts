// Two manager processes with leader election, each behind its own API proxy so that every request
// is attributed to the manager that sent it. The leader is killed with SIGKILL (its Lease is never
// released): the other must take over once the Lease expires, and no object is ever applied by
// both (the follower sends no apply, not even a dry run, before the takeover).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventually, testKubeconfig } from '../support/cluster.ts';
import { artifactServer, cmRef, ksRef, kustomization, type Obj } from '../support/kustomize-harness.ts';
import { type ApiProxy, isApply, startApiProxy } from './support/api-proxy.ts';
import { faultSetup } from './support/fault-setup.ts';
import { startManagerProcess } from './support/manager-process.ts';
import { cmTree, waitAppliedMany } from './support/many-objects.ts';

const LEASE_S = 4;

test('leader killed with SIGKILL: the other takes over after the lease, no object applied by both', {
  timeout: 180_000,
}, async (t) => {
  const { kube, ns, dir, proxy: proxyA } = await faultSetup(t, 'fault-leader');
  mkdirSync(join(dir, 'b'));
  const proxyB = await startApiProxy(t, testKubeconfig(), join(dir, 'b'));
  const server = await artifactServer(t, kube);
  const first = await server.publish(ns, 'repo', cmTree(20));
  const start = (proxy: ApiProxy) =>
    startManagerProcess(t, {
      kubeconfig: proxy.kubeconfig,
      namespace: ns,
      controllers: 'kustomize',
      extra: [
        '--enable-leader-election',
        `--leader-election-lease-duration=${LEASE_S}s`,
        '--leader-election-renew-deadline=3s',
        '--leader-election-retry-period=500ms',
      ],
    });
  const ourApplies = (proxy: ApiProxy, dryRun: boolean) =>
    proxy.seen.filter(
      (r) =>
        r.method === 'PATCH' &&
        r.path.startsWith(`/api/v1/namespaces/${ns}/configmaps/`) &&
        (dryRun ? r.query.has('dryRun') : isApply(r)),
    );
  const lease = () =>
    kube.get<Obj>({
      group: 'coordination.k8s.io',
      version: 'v1',
      resource: 'leases',
      namespace: ns,
      name: 'tsflux-leader-election',
    });

  const a = start(proxyA);
  // A holds the lease before B starts, so that B is the follower
  const holderA = await eventually(async () => {
    const holder = (await lease()).spec?.holderIdentity;
    assert.ok(holder, 'no leader yet');
    return holder as string;
  });
  const b = start(proxyB);
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns, interval: '2s' }));
  await waitAppliedMany(kube, ns, first, 20, 'the leader applies');
  // a few interval reconciles of the leader, so that B had as many chances to act wrongly
  const seenByA = ourApplies(proxyA, true).length;
  const realByA = ourApplies(proxyA, false).length;
  await eventually(() => assert.ok(ourApplies(proxyA, true).length >= seenByA + 40, 'two more reconciles'), {
    what: 'two more reconciles of the leader',
  });
  assert.equal(ourApplies(proxyB, true).length + ourApplies(proxyB, false).length, 0, 'the follower applied');
  assert.equal(ourApplies(proxyA, false).length, realByA, 'the leader re-applied unchanged objects');
  const rvs = new Map(
    (await kube.list<Obj>(cmRef(ns))).items.map((o) => [o.metadata?.name, o.metadata?.resourceVersion]),
  );

  const killedAt = Date.now();
  a.child.kill('SIGKILL');
  const holderB = await eventually(
    async () => {
      const holder = (await lease()).spec?.holderIdentity;
      assert.ok(holder && holder !== holderA, `still held by ${holder}`);
      return holder;
    },
    { what: 'the takeover', timeoutMs: 30_000, intervalMs: 100 },
  );
  const takeover = Date.now() - killedAt;
  t.diagnostic(`${holderB} took over ${takeover} ms after the kill`);
  // the Lease was not released: the takeover waits for it to expire, and not much longer
  assert.ok(takeover <= 3 * LEASE_S * 1000, `the takeover took ${takeover} ms`);
  // B reconciles (dry runs) but applies nothing A had applied: every object keeps its version
  await eventually(() => assert.ok(ourApplies(proxyB, true).length >= 20, 'B reconciled'), {
    what: 'the new leader reconciles',
  });
  for (const o of (await kube.list<Obj>(cmRef(ns))).items)
    assert.equal(o.metadata?.resourceVersion, rvs.get(o.metadata?.name), `${o.metadata?.name} changed`);
  assert.equal(ourApplies(proxyB, false).length, 0, 'the new leader re-applied unchanged objects');
  // and a new revision is applied by B alone
  const appliesOfA = ourApplies(proxyA, false).length;
  const next = await server.publish(ns, 'repo', cmTree(25));
  await waitAppliedMany(kube, ns, next, 25, 'the new leader applies a new revision');
  assert.equal(ourApplies(proxyB, false).length, 5);
  assert.equal(ourApplies(proxyA, false).length, appliesOfA);
  assert.equal(b.child.exitCode, null);
});
