// The informer against a real API server: it lists, watches, survives cut connections without
// missing or replaying updates, and relists when the server answers 410 Gone.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { Backoff, Informer, SharedInformerFactory } from '../../src/runtime/cache/index.ts';
import { KubeClient, type KubeObject, loadKubeconfig, RestMapper } from '../../src/runtime/kube/index.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';

type ConfigMap = KubeObject & { data?: Record<string, string> };

/** A TCP proxy to the API server whose connections the test can cut at will. */
async function cuttableProxy(
  t: TestContext,
): Promise<{ client: KubeClient; cut: () => number; open: () => number }> {
  const access = loadKubeconfig(testKubeconfig());
  const target = new URL(access.server);
  const sockets = new Set<Socket>();
  const server = createServer((down) => {
    const up = connect(Number(target.port), target.hostname);
    for (const s of [down, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const client = new KubeClient({ ...access, server: `https://127.0.0.1:${port}` });
  t.after(() => {
    client.close();
    for (const s of sockets) s.destroy();
    server.close();
  });
  return {
    client,
    // each client connection is two sockets here: client side and API server side
    open: () => sockets.size / 2,
    cut: () => {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      return n;
    },
  };
}

function recorder(inf: Informer<ConfigMap>) {
  const seen: string[] = [];
  inf.addEventHandler({
    onAdd: (o) => seen.push(`add ${o.metadata?.name} ${o.data?.n ?? ''}`),
    onUpdate: (_old, o) => seen.push(`update ${o.metadata?.name} ${o.data?.n ?? ''}`),
    onDelete: (o) => seen.push(`delete ${o.metadata?.name}`),
  });
  return seen;
}

const fastBackoff = () => new Backoff({ initialMs: 50, maxMs: 500 });

test('the informer resumes after its watch is cut: no missed update, no replay', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'informer');
  const cms = { version: 'v1', resource: 'configmaps', namespace: ns };
  await kube.create(cms, { metadata: { name: 'a', labels: { app: 'x' } }, data: { n: '0' } });
  await kube.create(cms, { metadata: { name: 'other' }, data: { n: '0' } });
  const { client, cut, open } = await cuttableProxy(t);
  const inf = new Informer<ConfigMap>(client, cms, { labelSelector: 'app=x', backoff: fastBackoff() });
  const seen = recorder(inf);
  inf.start();
  t.after(() => inf.stop());
  await inf.waitForSync();
  assert.deepEqual(seen, ['add a 0'], 'the label selector filters, the list is delivered as adds');
  assert.equal(inf.get(ns, 'a')?.metadata?.managedFields, undefined, 'managedFields are stripped');

  for (let i = 1; i <= 6; i++) {
    await kube.mergePatch({ ...cms, name: 'a' }, { data: { n: String(i) } });
    await eventually(() => assert.equal(inf.get(ns, 'a')?.data?.n, String(i)), { what: `update ${i} seen` });
    if (i % 2 === 0) assert.ok(cut() > 0, 'the proxy had connections to cut');
    // this one happens while the informer is reconnecting
    if (i % 2 === 0) await kube.mergePatch({ ...cms, name: 'other' }, { data: { n: String(i) } });
  }
  await kube.create(cms, { metadata: { name: 'b', labels: { app: 'x' } } });
  await kube.delete({ ...cms, name: 'a' });
  await eventually(() => assert.deepEqual(seen.slice(-2), ['add b ', 'delete a']), {
    what: 'add and delete seen',
  });
  assert.deepEqual(seen, [
    'add a 0',
    'update a 1',
    'update a 2',
    'update a 3',
    'update a 4',
    'update a 5',
    'update a 6',
    'add b ',
    'delete a',
  ]);
  assert.equal(inf.reflector.lists, 1, 'a cut watch resumes from its resourceVersion, without a relist');
  assert.ok(inf.reflector.watches >= 4, `the watch was re-established (${inf.reflector.watches})`);
  assert.ok(open() <= 2, `connections do not pile up across reconnects (${open()} open)`);
  await inf.stop();
  await eventually(() => assert.equal(client.connections().active, 0, 'stop closes the watch connection'), {
    what: 'no active connection',
  });
  assert.ok(open() <= 1, `only an idle keep-alive connection may remain (${open()} open)`);
});

/**
 * Compacts the test cluster's etcd up to its current revision, so a watch from any older
 * resourceVersion that bypasses the API server's watch cache is answered 410 Gone. Core Events
 * are such a resource: kube-apiserver keeps no watch cache for them.
 */
async function compactEtcd(): Promise<boolean> {
  const stateFile = join(dirname(testKubeconfig()), 'cluster.json');
  if (!existsSync(stateFile)) return false;
  const { etcdPort } = JSON.parse(readFileSync(stateFile, 'utf8')) as { etcdPort: number };
  const base = `http://127.0.0.1:${etcdPort}/v3/kv`;
  const range = await fetch(`${base}/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/').toString('base64') }),
  });
  const { header } = (await range.json()) as { header: { revision: string } };
  const res = await fetch(`${base}/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: header.revision, physical: true }),
  });
  assert.equal(res.status, 200, await res.text());
  return true;
}

test('a watch answered with 410 Gone relists, and only real changes reach handlers', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'gone');
  const events = { version: 'v1', resource: 'events', namespace: ns };
  const event = (name: string, message: string) => ({
    metadata: { name },
    involvedObject: { kind: 'ConfigMap', name: 'x', namespace: ns },
    reason: 'Test',
    message,
  });
  await kube.create(events, event('a', '0'));
  await kube.create(events, event('b', '0'));
  const { client, cut } = await cuttableProxy(t);
  const gone: string[] = [];
  const inf = new Informer<KubeObject>(client, events, {
    backoff: fastBackoff(),
    onError: (e) => gone.push(e.message),
  });
  const seen: string[] = [];
  inf.addEventHandler({
    onAdd: (o) => seen.push(`add ${o.metadata?.name} ${o.message}`),
    onUpdate: (_old, o) => seen.push(`update ${o.metadata?.name} ${o.message}`),
    onDelete: (o) => seen.push(`delete ${o.metadata?.name}`),
  });
  inf.start();
  t.after(() => inf.stop());
  await inf.waitForSync();
  // while the watch is down: changes happen, then etcd forgets the history before them
  const resumeFrom = inf.reflector.resourceVersion;
  cut();
  inf.reflector.resourceVersion = String(Number(resumeFrom) - 1);
  await kube.mergePatch({ ...events, name: 'a' }, { message: '1' });
  await kube.delete({ ...events, name: 'b' });
  if (!(await compactEtcd())) {
    t.skip('the test cluster is external: its etcd cannot be compacted from here');
    return;
  }
  await eventually(() => assert.equal(inf.reflector.lists, 2), { what: 'a relist after 410' });
  assert.ok(
    gone.some((m) => /too old/.test(m)),
    `the server said the resourceVersion is too old: ${gone.join('; ')}`,
  );
  await eventually(() => assert.equal(inf.get(ns, 'a')?.message, '1'));
  assert.equal(inf.get(ns, 'b'), undefined);
  assert.deepEqual(seen.sort(), ['add a 0', 'add b 0', 'delete b', 'update a 1']);
});

test('the shared factory gives each collection exactly one informer', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'factory');
  const factory = new SharedInformerFactory(kube);
  const ref = { version: 'v1', resource: 'configmaps', namespace: ns };
  const one = factory.informerFor({ ref });
  const two = factory.informerFor({ ref: { ...ref } });
  assert.equal(one, two);
  assert.notEqual(factory.informerFor({ ref, labelSelector: 'x=y' }), one);
  assert.equal(factory.size, 2);
  factory.start();
  t.after(() => factory.stop());
  await factory.waitForCacheSync();
  const before = kube.stats.snapshot().list ?? 0;
  const three = factory.informerFor({ ref: { version: 'v1', resource: 'secrets', namespace: ns } });
  await three.waitForSync();
  assert.equal((kube.stats.snapshot().list ?? 0) - before, 1, 'an informer added after start lists once');
  const byKind = await factory.informerForKind(new RestMapper(kube), 'v1', 'ConfigMap', { namespace: ns });
  assert.equal(byKind, one, 'a kind maps to the same shared informer');
  const cluster = await factory.informerForKind(new RestMapper(kube), 'v1', 'Namespace', { namespace: ns });
  assert.equal(cluster.ref.namespace, undefined, 'cluster-scoped kinds ignore the namespace');
});
