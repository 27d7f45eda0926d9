// Informers survive a real kube-apiserver restart: the watch resumes from the last resourceVersion
// it saw, so no update is missed or delivered twice, and there is no relist storm. The test runs
// its own control plane, because restarting the shared one would disturb the other tests.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { restartServer, startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { Backoff, Informer } from '../../src/runtime/cache/index.ts';
import { KubeClient, type KubeObject, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { eventually } from '../support/cluster.ts';

type ConfigMap = KubeObject & { data?: Record<string, string> };

test('an informer resumes after the API server restarts, with no missed or repeated update', {
  timeout: 240_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-restart-'));
  t.after(() => stopControlPlane(dir, { purge: true }));
  const state = await startControlPlane({ dir, workloads: false });
  const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });
  t.after(() => kube.close());
  await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: 'w' } });
  const cms = { version: 'v1', resource: 'configmaps', namespace: 'w' };
  await kube.create(cms, { metadata: { name: 'a' }, data: { n: '0' } });

  const watcher = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });
  t.after(() => watcher.close());
  const inf = new Informer<ConfigMap>(watcher, cms, {
    backoff: new Backoff({ initialMs: 100, maxMs: 1000 }),
  });
  const seen: string[] = [];
  inf.addEventHandler({
    onAdd: (o) => seen.push(`add ${o.metadata?.name} ${o.data?.n ?? ''}`),
    onUpdate: (_old, o) => seen.push(`update ${o.metadata?.name} ${o.data?.n ?? ''}`),
    onDelete: (o) => seen.push(`delete ${o.metadata?.name}`),
  });
  inf.start();
  t.after(() => inf.stop());
  await inf.waitForSync();
  await kube.mergePatch({ ...cms, name: 'a' }, { data: { n: '1' } });
  await eventually(() => assert.equal(inf.get('w', 'a')?.data?.n, '1'), {
    what: 'update before the restart',
  });

  await restartServer(dir, 'kube-apiserver');
  // changes made right after the restart, while the informer is reconnecting
  await kube.mergePatch({ ...cms, name: 'a' }, { data: { n: '2' } });
  await kube.create(cms, { metadata: { name: 'b' }, data: { n: '0' } });
  await eventually(() => assert.equal(inf.get('w', 'b')?.data?.n, '0'), {
    what: 'changes after the restart',
    timeoutMs: 60_000,
  });
  await kube.delete({ ...cms, name: 'a' });
  await eventually(() => assert.equal(seen.at(-1), 'delete a'), { what: 'delete after the restart' });

  // kube-root-ca.crt is published by the controller manager into every namespace
  const ours = seen.filter((s) => !s.includes('kube-root-ca.crt'));
  assert.deepEqual(ours, ['add a 0', 'update a 1', 'update a 2', 'add b 0', 'delete a']);
  assert.ok(
    inf.reflector.lists <= 2,
    `at most one relist after a restart (saw ${inf.reflector.lists} lists)`,
  );
});
