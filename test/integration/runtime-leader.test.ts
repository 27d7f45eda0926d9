// Leader election hand-over between two electors on a real coordination.k8s.io/v1 Lease, with
// short durations: a crashed leader is replaced within the lease duration, a stopped one at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LeaderElector, type Lease } from '../../src/runtime/leader/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';

const timing = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 300 };

test('leadership moves to the other elector when the leader stops', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'leader');
  const name = 'widget-controller-leader-election';
  const lease = () =>
    kube.get<Lease>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: ns, name });
  const leading: string[] = [];
  const start = (identity: string, releaseOnCancel: boolean) => {
    const stop = new AbortController();
    const e = new LeaderElector(kube, { namespace: ns, name, identity, releaseOnCancel, ...timing });
    const done = e.run(stop.signal, (signal) => {
      leading.push(identity);
      return new Promise<void>((r) => signal.addEventListener('abort', () => r()));
    });
    return { e, stop: () => stop.abort(), done };
  };

  const a = start('a', false);
  await eventually(() => assert.ok(a.e.isLeader()));
  const b = start('b', true);
  t.after(() => b.stop());
  // b stays a follower while a renews
  await eventually(async () => assert.ok(((await lease()).spec?.renewTime ?? '') > ''));
  assert.equal(b.e.isLeader(), false);
  assert.equal((await lease()).spec?.holderIdentity, 'a');

  // a "crashes": it stops without releasing the Lease; b takes over once the lease expires
  const crashedAt = Date.now();
  a.stop();
  assert.equal(await a.done, true);
  await eventually(() => assert.ok(b.e.isLeader()), { timeoutMs: 10_000, intervalMs: 50 });
  const took = Date.now() - crashedAt;
  assert.ok(took <= timing.leaseDurationMs + 2 * timing.retryPeriodMs + 1000, `took ${took} ms`);
  const l = await lease();
  assert.equal(l.spec?.holderIdentity, 'b');
  assert.equal(l.spec?.leaseTransitions, 1);
  assert.equal(l.spec?.leaseDurationSeconds, 3);
  assert.match(l.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

  // b stops gracefully and releases the Lease: a new candidate wins without waiting for expiry
  const c = start('c', true);
  t.after(() => c.stop());
  b.stop();
  await b.done;
  await eventually(() => assert.ok(c.e.isLeader()), { timeoutMs: 10_000, intervalMs: 50 });
  assert.deepEqual(leading, ['a', 'b', 'c']);
  c.stop();
  await c.done;
  assert.equal((await lease()).spec?.holderIdentity, '', 'a graceful stop empties the Lease');
});
