// Proves the test control plane is a real Kubernetes: etcd + kube-apiserver +
// kube-controller-manager, with CRDs, server-side apply, watches, the namespace controller and the
// garbage collector all working.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { KUBERNETES_VERSION } from '../../src/cluster/index.ts';
import { isNotFound, type KubeObject } from '../../src/runtime/kube/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';

const configmaps = (namespace: string, name?: string) => ({
  version: 'v1',
  resource: 'configmaps',
  namespace,
  name,
});

test('the API server reports the pinned Kubernetes version', async (t) => {
  const kube = testClient(t);
  const v = await kube.request<{ gitVersion: string }>({ path: '/version' });
  assert.equal(v.gitVersion, KUBERNETES_VERSION);
});

test('a ConfigMap is created and read back in a namespace of its own', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'cm');
  await kube.create(configmaps(ns), { metadata: { name: 'settings' }, data: { color: 'blue' } });
  const got = await kube.get<KubeObject & { data: Record<string, string> }>(configmaps(ns, 'settings'));
  assert.equal(got.data.color, 'blue');
  assert.ok(got.metadata?.uid, 'the server assigned a uid');
});

test('a CRD becomes Established and serves custom objects', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'crd');
  const group = `g${randomBytes(3).toString('hex')}.tsflux.test`;
  const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
  await kube.create(crds, {
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
            },
          },
        },
      ],
    },
  });
  t.after(() => kube.delete({ ...crds, name: `widgets.${group}` }).catch(() => {}));
  await eventually(
    async () => {
      const crd = await kube.get<{ status?: { conditions?: { type: string; status: string }[] } }>({
        ...crds,
        name: `widgets.${group}`,
      });
      assert.ok(
        crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'),
        'not Established yet',
      );
    },
    { what: 'CRD Established' },
  );
  const widgets = { group, version: 'v1', resource: 'widgets', namespace: ns };
  const created = await eventually(
    () =>
      kube.create<KubeObject & { spec: { size: number } }>(widgets, {
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: { size: 3 },
      }),
    { what: 'custom object accepted' },
  );
  assert.equal(created.spec.size, 3);
  const list = await kube.list(widgets);
  assert.deepEqual(
    list.items.map((i) => i.metadata?.name),
    ['w1'],
  );
});

test('server-side apply records the field manager in managedFields', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const obj = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'applied', namespace: ns },
    data: { a: '1' },
  };
  const applied = await kube.apply(configmaps(ns, 'applied'), obj, { fieldManager: 'tsflux-test' });
  const entry = applied.metadata?.managedFields?.find((m) => m.manager === 'tsflux-test');
  assert.equal(entry?.operation, 'Apply');
  assert.ok(JSON.stringify(entry?.fieldsV1).includes('f:a'), 'the manager owns data.a');
  // a second manager changing the same field conflicts unless it forces
  const other = { ...obj, data: { a: '2' } };
  await assert.rejects(
    kube.apply(configmaps(ns, 'applied'), other, { fieldManager: 'someone-else' }),
    /conflict/i,
  );
  const forced = await kube.apply<KubeObject & { data: Record<string, string> }>(
    configmaps(ns, 'applied'),
    other,
    {
      fieldManager: 'someone-else',
      force: true,
    },
  );
  assert.equal(forced.data.a, '2');
});

test('a watch sees objects being added', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'watch');
  const list = await kube.list(configmaps(ns));
  const abort = new AbortController();
  t.after(() => abort.abort());
  const seen = (async () => {
    for await (const ev of kube.watch(configmaps(ns), {
      resourceVersion: list.metadata.resourceVersion,
      signal: abort.signal,
    })) {
      if (ev.type === 'ADDED' && ev.object.metadata?.name === 'watched') return ev;
    }
    throw new Error('watch ended without the event');
  })();
  await kube.create(configmaps(ns), { metadata: { name: 'watched' }, data: {} });
  const ev = await seen;
  assert.equal(ev.object.metadata?.namespace, ns);
});

test('the namespace controller deletes a namespace and its contents', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'gone');
  await kube.create(configmaps(ns), { metadata: { name: 'inside' } });
  await kube.delete({ version: 'v1', resource: 'namespaces', name: ns });
  await eventually(
    async () => {
      await assert.rejects(kube.get({ version: 'v1', resource: 'namespaces', name: ns }), isNotFound);
    },
    { what: `namespace ${ns} removed`, timeoutMs: 60_000 },
  );
});

test('the garbage collector removes dependants of a deleted owner', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'gc');
  const owner = await kube.create(configmaps(ns), { metadata: { name: 'owner' } });
  await kube.create(configmaps(ns), {
    metadata: {
      name: 'dependant',
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata?.uid }],
    },
  });
  await kube.delete(configmaps(ns, 'owner'), { propagationPolicy: 'Background' });
  await eventually(
    async () => {
      await assert.rejects(kube.get(configmaps(ns, 'dependant')), isNotFound);
    },
    { what: 'dependant garbage-collected', timeoutMs: 60_000 },
  );
});

test('a watch honours its field selector', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'fsel');
  const list = await kube.list(configmaps(ns));
  const abort = new AbortController();
  t.after(() => abort.abort());
  const names: string[] = [];
  const done = (async () => {
    for await (const ev of kube.watch(configmaps(ns), {
      resourceVersion: list.metadata.resourceVersion,
      fieldSelector: 'metadata.name=wanted',
      signal: abort.signal,
    })) {
      if (ev.type === 'BOOKMARK') continue;
      names.push(String(ev.object.metadata?.name));
      if (ev.object.metadata?.name === 'wanted') return;
    }
  })();
  await kube.create(configmaps(ns), { metadata: { name: 'unwanted' } });
  await kube.create(configmaps(ns), { metadata: { name: 'wanted' } });
  await done;
  assert.deepEqual(names, ['wanted']);
});
