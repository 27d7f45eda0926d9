// Leader election hand-over between two electors on a real coordination.k8s.io/v1 Lease, with
// short durations: a crashed leader is replaced within the lease duration, a stopped one at once.
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { KubeClient, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { LeaderElector, type Lease } from '../../src/runtime/leader/index.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';

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

test('a leader that cannot renew within the renew deadline steps down, and another takes over', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'leader-lost');
  const name = 'lost-leader-election';
  // the first elector reaches the API server through a proxy the test can cut off
  const access = loadKubeconfig(testKubeconfig());
  const target = new URL(access.server);
  const sockets = new Set<Socket>();
  let blocked = false;
  const proxy = createServer((down) => {
    if (blocked) {
      down.destroy();
      return;
    }
    const up = connect(Number(target.port), target.hostname);
    for (const s of [down, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const viaProxy = new KubeClient({
    ...access,
    server: `https://127.0.0.1:${(proxy.address() as { port: number }).port}`,
  });
  t.after(() => {
    viaProxy.close();
    for (const s of sockets) s.destroy();
    proxy.close();
  });

  const stopA = new AbortController();
  const a = new LeaderElector(viaProxy, { namespace: ns, name, identity: 'a', ...timing });
  let lostAt = 0;
  const aDone = a.run(
    stopA.signal,
    (signal) =>
      new Promise<void>((r) =>
        signal.addEventListener('abort', () => {
          lostAt = Date.now();
          r();
        }),
      ),
  );
  t.after(() => stopA.abort());
  await eventually(() => assert.ok(a.isLeader()));
  const stopB = new AbortController();
  t.after(() => stopB.abort());
  const b = new LeaderElector(kube, { namespace: ns, name, identity: 'b', ...timing });
  void b.run(stopB.signal, (signal) => new Promise<void>((r) => signal.addEventListener('abort', () => r())));

  const cutAt = Date.now();
  blocked = true;
  for (const s of sockets) s.destroy();
  assert.equal(await aDone, true, 'a led, then its run ended');
  assert.equal(stopA.signal.aborted, false, 'a stepped down by itself');
  assert.equal(a.isLeader(), false);
  const steppedDown = lostAt - cutAt;
  assert.ok(
    steppedDown <= timing.renewDeadlineMs + 2 * timing.retryPeriodMs + 500,
    `stepped down after ${steppedDown} ms`,
  );
  await eventually(() => assert.ok(b.isLeader()), { timeoutMs: 10_000, intervalMs: 50 });
});
