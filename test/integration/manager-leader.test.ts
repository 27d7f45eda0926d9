// Two managers with --enable-leader-election against the real control plane: only the leader
// runs the controllers; when it stops (releasing the Lease) the other takes over and starts them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Manager, managerOptionsFromFlags, startManager } from '../../src/manager/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

test('only the leader runs controllers, and a successor takes over', { timeout: 90_000 }, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'leader');
  const storage = mkdtempSync(join(tmpdir(), 'tsflux-leader-'));
  t.after(() => rmSync(storage, { recursive: true, force: true }));
  const options = () =>
    managerOptionsFromFlags(
      {
        controllers: 'source',
        namespace: ns,
        'watch-all-namespaces': false,
        'enable-leader-election': true,
        'leader-election-lease-duration': '4s',
        'leader-election-renew-deadline': '3s',
        'leader-election-retry-period': '500ms',
        'metrics-addr': '127.0.0.1:0',
        'health-addr': '127.0.0.1:0',
        'webhook-addr': '',
        'storage-addr': '127.0.0.1:0',
        'storage-path': storage,
        'log-level': 'error',
      },
      ['source'],
    );
  const logs: [string[], string[]] = [[], []];
  const managers: Manager[] = [];
  t.after(async () => {
    for (const m of managers) await m.stop();
  });
  managers.push(await startManager(kube, options(), (m) => logs[0].push(m)));
  await eventually(() => assert.ok(logs[0].includes('controller source started'), logs[0].join('\n')));
  const getLease = () =>
    kube.get<{ spec: { holderIdentity: string; renewTime?: string } }>({
      group: 'coordination.k8s.io',
      version: 'v1',
      resource: 'leases',
      namespace: ns,
      name: 'tsflux-leader-election',
    });
  managers.push(await startManager(kube, options(), (m) => logs[1].push(m)));
  // the witness: the leader renews the Lease every retry period; four renewals are as many
  // chances the second had to (wrongly) start something
  const renewals = new Set<string | undefined>();
  await eventually(
    async () => {
      renewals.add((await getLease()).spec.renewTime);
      assert.ok(renewals.size >= 4, `${renewals.size} renewals seen`);
    },
    { intervalMs: 100, what: 'four lease renewals' },
  );
  assert.ok(!logs[1].includes('controller source started'), 'a non-leader started controllers');
  const lease = await getLease();
  assert.ok(
    logs[0].some((l) => l.includes(lease.spec.holderIdentity)),
    'the first manager holds the lease',
  );

  await managers[0].stop();
  await eventually(() => assert.ok(logs[1].includes('controller source started'), logs[1].join('\n')), {
    timeoutMs: 20_000,
  });
});
