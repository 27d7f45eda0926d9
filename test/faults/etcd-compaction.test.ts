// etcd compacted while an informer is watching: its watch is cut (through the API proxy) and kept
// from reconnecting while objects change, then etcd is compacted to its current revision, so the
// resourceVersion the informer resumes from is gone. The informer must get 410 Gone, list once
// more, and end up with exactly the cluster's objects, the changes made meanwhile included. The
// case runs its own control plane with the API server's watch cache off, so that watches are
// served by etcd itself and a compacted revision is really refused (the cache would otherwise
// answer from its own window), and compacting the shared etcd would disturb the other tests.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { Backoff, Informer } from '../../src/runtime/cache/index.ts';
import { isGone, KubeClient, type KubeObject, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { eventually } from '../support/cluster.ts';
import { isList, startApiProxy } from './support/api-proxy.ts';

type ConfigMap = KubeObject & { data?: Record<string, string> };

/** Calls etcd's v3 JSON gateway (plain HTTP on loopback in the test control plane). */
async function etcd<T>(port: number, path: string, body: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

test('etcd compacted under a watching informer: 410 Gone, one relist, the changes made meanwhile seen', {
  timeout: 240_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-fault-compaction-'));
  t.after(async () => {
    await stopControlPlane(join(dir, 'cluster'), { purge: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const state = await startControlPlane({
    dir: join(dir, 'cluster'),
    workloads: false,
    apiserverArgs: ['--watch-cache=false'],
  });
  const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });
  t.after(() => kube.close());
  await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: 'w' } });
  const cms = { version: 'v1', resource: 'configmaps', namespace: 'w' };
  for (const name of ['a', 'c']) await kube.create(cms, { metadata: { name }, data: { n: '0' } });

  const proxy = await startApiProxy(t, state.kubeconfig, dir);
  const watcher = new KubeClient(loadKubeconfig(proxy.kubeconfig), { qps: 0 });
  t.after(() => watcher.close());
  const errors: Error[] = [];
  const inf = new Informer<ConfigMap>(watcher, cms, {
    backoff: new Backoff({ initialMs: 100, maxMs: 500 }),
    onError: (e) => errors.push(e),
  });
  inf.start();
  t.after(() => inf.stop());
  await inf.waitForSync();
  await kube.mergePatch({ ...cms, name: 'a' }, { data: { n: '1' } });
  await eventually(() => assert.equal(inf.get('w', 'a')?.data?.n, '1'), { what: 'the watch delivers' });

  // the watch is cut and every reconnection refused until etcd has been compacted
  proxy.intercept = (r) => (r.watch ? 'drop' : undefined);
  assert.equal(proxy.endWatches(), 1, 'one watch open');
  const cutAt = Date.now();
  await eventually(() => assert.ok(proxy.seen.some((r) => r.watch && r.at > cutAt)), {
    what: 'a refused reconnection',
  });
  const resumeFrom = inf.reflector.resourceVersion;
  assert.equal(inf.reflector.lists, 1);
  await kube.mergePatch({ ...cms, name: 'a' }, { data: { n: '2' } });
  await kube.create(cms, { metadata: { name: 'b' }, data: { n: '0' } });
  await kube.delete({ ...cms, name: 'c' });
  const status = await etcd<{ header: { revision: string } }>(state.etcdPort, '/v3/maintenance/status', {});
  const revision = Number(status.header.revision);
  assert.ok(revision > Number(resumeFrom), `etcd at ${revision}, the informer resumes from ${resumeFrom}`);
  await etcd(state.etcdPort, '/v3/kv/compaction', { revision, physical: true });
  const compactedAt = Date.now();
  proxy.intercept = undefined;

  await eventually(
    () => {
      assert.equal(inf.get('w', 'a')?.data?.n, '2');
      assert.equal(inf.get('w', 'b')?.data?.n, '0');
      assert.equal(inf.get('w', 'c'), undefined);
    },
    { what: 'the changes made during the compaction', timeoutMs: 30_000 },
  );
  // the cache holds exactly what the API server has
  const names = (list: { metadata?: { name?: string } }[]) => list.map((o) => o.metadata?.name).sort();
  assert.deepEqual(names(inf.list()), names((await kube.list<ConfigMap>(cms)).items));
  // 410 Gone, then exactly one more list (counted by the informer and on the proxy)
  assert.ok(errors.some(isGone), `no 410 Gone among: ${errors.map((e) => e.message).join('; ')}`);
  assert.equal(inf.reflector.lists, 2, 'one relist');
  const relists = proxy.seen.filter((r) => r.at >= compactedAt && isList(r, 'configmaps'));
  assert.equal(relists.length, 1, 'one LIST after the compaction');
  // and the informer watches again from the new list: a later change arrives
  await kube.mergePatch({ ...cms, name: 'b' }, { data: { n: '1' } });
  await eventually(() => assert.equal(inf.get('w', 'b')?.data?.n, '1'), { what: 'the watch resumed' });
  assert.equal(inf.reflector.lists, 2, 'no further list');
});
