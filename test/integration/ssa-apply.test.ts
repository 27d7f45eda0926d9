import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { isNotFound } from '../../src/runtime/kube/index.ts';
import {
  ChangeSetError,
  formatChangeSet,
  inventoryDiff,
  inventoryFromChangeSet,
  ResourceManager,
} from '../../src/runtime/ssa/index.ts';
import { testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';

const owner = { name: 'apps', namespace: 'flux-system' };
const configMap = (
  ns: string,
  name: string,
  data: Record<string, string>,
  annotations?: Record<string, string>,
) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
  data,
});
const cmRef = (ns: string, name: string) => ({ version: 'v1', resource: 'configmaps', namespace: ns, name });

test('apply reports created, unchanged and configured, and leaves unchanged objects alone', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const first = await rm.applyAll([configMap(ns, 'a', { x: '1' }), configMap(ns, 'b', { y: '1' })]);
  assert.equal(formatChangeSet(first.entries), `ConfigMap/${ns}/a created\nConfigMap/${ns}/b created`);
  const live = await kube.get(cmRef(ns, 'a'));
  assert.equal(live.metadata?.labels?.['kustomize.toolkit.fluxcd.io/name'], 'apps');
  assert.equal(live.metadata?.labels?.['kustomize.toolkit.fluxcd.io/namespace'], 'flux-system');
  assert.equal(live.metadata?.managedFields?.[0]?.manager, 'kustomize-controller');

  const second = await rm.applyAll([configMap(ns, 'a', { x: '1' }), configMap(ns, 'b', { y: '2' })]);
  assert.deepEqual(
    second.entries.map((e) => `${e.subject} ${e.action}`),
    [`ConfigMap/${ns}/a unchanged`, `ConfigMap/${ns}/b configured`],
  );
  const after = await kube.get(cmRef(ns, 'a'));
  assert.equal(
    after.metadata?.resourceVersion,
    live.metadata?.resourceVersion,
    'unchanged object was written',
  );
  assert.deepEqual((await kube.get(cmRef(ns, 'b'))).data, { y: '2' });
});

test('re-applying realistic objects (defaulted ports, stringData) reports them unchanged', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const objects: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'c', image: 'busybox:1', ports: [{ containerPort: 8080, name: 'http' }] }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: ns },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace: ns },
      stringData: { token: 'abc' },
    },
  ];
  const first = await rm.applyAll(objects);
  assert.deepEqual(
    first.entries.map((e) => e.action),
    ['created', 'created', 'created'],
  );
  const second = await rm.applyAll(objects);
  assert.equal(
    formatChangeSet(second.entries),
    [`Secret/${ns}/token unchanged`, `Service/${ns}/web unchanged`, `Deployment/${ns}/web unchanged`].join(
      '\n',
    ),
  );
});

test('staged apply: a Namespace, a CRD and a custom object of it in one set', async (t) => {
  const kube = testClient(t);
  const suffix = Math.random().toString(36).slice(2, 8);
  const group = `ssa${suffix}.example.com`;
  const nsName = `ssa-staged-${suffix}`;
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
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
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
  const widget = {
    apiVersion: `${group}/v1`,
    kind: 'Widget',
    metadata: { name: 'w', namespace: nsName },
    spec: { size: 3 },
  };
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: nsName } };
  t.after(async () => {
    for (const ref of [
      {
        group: 'apiextensions.k8s.io',
        version: 'v1',
        resource: 'customresourcedefinitions',
        name: crd.metadata.name,
      },
      { version: 'v1', resource: 'namespaces', name: nsName },
    ])
      await kube.delete(ref).catch(() => undefined);
  });
  const rm = new ResourceManager(kube, { owner });
  const result = await rm.applyAll([widget, namespace, crd]);
  assert.equal(
    formatChangeSet(result.entries),
    [
      `CustomResourceDefinition/widgets.${group} created`,
      `Namespace/${nsName} created`,
      `Widget/${nsName}/w created`,
    ].join('\n'),
  );
  const live = await kube.get({ group, version: 'v1', resource: 'widgets', namespace: nsName, name: 'w' });
  assert.deepEqual(live.spec, { size: 3 });
});

test('an object of a kind the server does not serve fails its dry-run, naming it', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const widget = {
    apiVersion: 'nowhere.example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: ns },
  };
  await assert.rejects(
    rm.applyAll([
      configMap(ns, 'before', { a: '1' }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      widget,
    ]),
    (e: Error) => {
      assert.equal(
        e.message,
        `Widget/${ns}/w dry-run failed: no matches for kind "Widget" in version "nowhere.example.com/v1"`,
      );
      // the first stage went through and is reported with the error
      assert.ok(e instanceof ChangeSetError);
      assert.equal(formatChangeSet(e.entries), `Namespace/${ns} configured`, 'owner labels were added');
      return true;
    },
  );
});

test('an apply failing part-way reports what may be in the cluster: the objects applied before it and itself', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  // the API server goes away at b's apply (after every dry-run passed): b's answer is lost
  const failing = new Proxy(kube, {
    get(target, prop) {
      if (prop === 'apply')
        return (ref: { name?: string }, obj: KubeObject, options?: { dryRun?: boolean }) => {
          if (ref.name === 'b' && !options?.dryRun) return Promise.reject(new Error('socket hang up'));
          return target.apply(ref as never, obj, options as never);
        };
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const rm = new ResourceManager(failing, { owner });
  await assert.rejects(rm.applyAll(['a', 'b', 'c'].map((n) => configMap(ns, n, { k: n }))), (e: Error) => {
    assert.equal(e.message, `ConfigMap/${ns}/b apply failed: socket hang up`);
    assert.ok(e instanceof ChangeSetError);
    // an inventory built from these orphans neither a (applied) nor b (perhaps applied)
    assert.equal(
      formatChangeSet(e.entries),
      [`ConfigMap/${ns}/a created`, `ConfigMap/${ns}/b created`].join('\n'),
    );
    return true;
  });
  assert.equal((await kube.get<KubeObject & { data: Record<string, string> }>(cmRef(ns, 'a'))).data.k, 'a');
});

test('stages: cluster definitions, then classes, then custom stage kinds, then the rest', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const className = `${ns}-class`;
  t.after(() =>
    kube
      .delete({ group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', name: className })
      .catch(() => undefined),
  );
  const rm = new ResourceManager(kube, { owner });
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: ns },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  };
  const ingressClass = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: className },
    spec: { controller: 'example.com/ingress' },
  };
  const result = await rm.applyAll([role, configMap(ns, 'cm', { a: '1' }), ingressClass], {
    customStageKinds: [{ group: 'rbac.authorization.k8s.io', kind: 'Role' }],
  });
  assert.deepEqual(
    result.entries.map((e) => e.subject),
    [`IngressClass/${className}`, `Role/${ns}/reader`, `ConfigMap/${ns}/cm`],
  );
});

test('inventory diff prunes only what left the set, honours prune: Disabled and foreign owners', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const objects = [
    configMap(ns, 'keep', { a: '1' }),
    configMap(ns, 'gone', { a: '1' }),
    configMap(ns, 'optout', { a: '1' }, { 'kustomize.toolkit.fluxcd.io/prune': 'Disabled' }),
    configMap(ns, 'taken', { a: '1' }),
  ];
  const oldInventory = inventoryFromChangeSet((await rm.applyAll(objects)).entries);
  assert.deepEqual(
    oldInventory.entries.map((e) => e.id),
    [`${ns}_gone__ConfigMap`, `${ns}_keep__ConfigMap`, `${ns}_optout__ConfigMap`, `${ns}_taken__ConfigMap`],
  );
  assert.ok(oldInventory.entries.every((e) => e.v === 'v1'));
  // another Kustomization took 'taken' over: its owner labels say so
  await new ResourceManager(kube, { owner: { name: 'other', namespace: 'flux-system' } }).applyAll([
    configMap(ns, 'taken', { a: '1' }),
  ]);

  const newInventory = inventoryFromChangeSet(
    (await rm.applyAll([configMap(ns, 'keep', { a: '1' })])).entries,
  );
  const stale = inventoryDiff(oldInventory, newInventory);
  assert.deepEqual(
    stale.map((o) => o.metadata?.name),
    ['gone', 'optout', 'taken'],
  );
  const pruned = await rm.deleteAll(stale);
  await rm.waitForTermination(
    stale.filter((o) => o.metadata?.name === 'gone'),
    { timeoutMs: 30_000 },
  );
  await assert.rejects(rm.waitForTermination(stale, { timeoutMs: 500 }), /termination timeout/);
  assert.deepEqual(pruned.entries.map((e) => `${e.subject} ${e.action}`).sort(), [
    `ConfigMap/${ns}/gone deleted`,
    `ConfigMap/${ns}/optout skipped`,
    `ConfigMap/${ns}/taken skipped`,
  ]);
  await assert.rejects(kube.get(cmRef(ns, 'gone')), (e) => isNotFound(e));
  await kube.get(cmRef(ns, 'optout'));
  await kube.get(cmRef(ns, 'taken'));
  await kube.get(cmRef(ns, 'keep'));
});

test('ssa annotations: IfNotPresent creates only, Ignore skips, Merge keeps kubectl fields', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const ssa = (v: string) => ({ 'kustomize.toolkit.fluxcd.io/ssa': v });

  const created = await rm.applyAll([configMap(ns, 'once', { a: '1' }, ssa('IfNotPresent'))]);
  assert.equal(created.entries[0]?.action, 'created');
  const again = await rm.applyAll([configMap(ns, 'once', { a: '2' }, ssa('IfNotPresent'))]);
  assert.equal(again.entries[0]?.action, 'skipped');
  assert.deepEqual((await kube.get(cmRef(ns, 'once'))).data, { a: '1' });

  const ignored = await rm.applyAll([configMap(ns, 'never', { a: '1' }, ssa('Ignore'))]);
  assert.equal(ignored.entries[0]?.action, 'skipped');
  await assert.rejects(kube.get(cmRef(ns, 'never')), (e) => isNotFound(e));

  // kubectl adds a key; Merge keeps it, Override (after a take-over) removes it
  for (const [name, policy, expected, action] of [
    ['merged', 'Merge', { a: '1', extra: 'kubectl' }, 'unchanged'],
    ['overridden', 'Override', { a: '1' }, 'configured'],
  ] as const) {
    await rm.applyAll([configMap(ns, name, { a: '1' }, ssa(policy))]);
    kubectlApply(configMap(ns, name, { a: '1', extra: 'kubectl' }, ssa(policy)));
    const r = await rm.applyAll([configMap(ns, name, { a: '1' }, ssa(policy))]);
    assert.equal(r.entries[0]?.action, action, name);
    assert.deepEqual((await kube.get(cmRef(ns, name))).data, expected, name);
  }
});

test('take-over of an object created with kubectl apply', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  kubectlApply(configMap(ns, 'legacy', { a: '1', b: '2' }));
  const before = await kube.get(cmRef(ns, 'legacy'));
  assert.ok(before.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration']);
  const rm = new ResourceManager(kube, { owner });
  const r = await rm.applyAll([configMap(ns, 'legacy', { a: '1' })]);
  assert.equal(r.entries[0]?.action, 'configured');
  const after = await kube.get(cmRef(ns, 'legacy'));
  assert.deepEqual(after.data, { a: '1' }, 'field dropped from the desired state stays behind');
  assert.equal(after.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
  const managers = (after.metadata?.managedFields ?? []).map((m) => m.manager);
  assert.ok(
    !managers.some((m) => m?.startsWith('kubectl')),
    `kubectl still manages fields: ${managers.join(',')}`,
  );
});

test('immutable field: fails without force, recreates with force', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const job = (image: string, annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: ns, ...(annotations ? { annotations } : {}) },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image }] } },
    },
  });
  await rm.applyAll([job('busybox:1')]);
  const uid = (
    await kube.get({ group: 'batch', version: 'v1', resource: 'jobs', namespace: ns, name: 'migrate' })
  ).metadata?.uid;
  await assert.rejects(rm.applyAll([job('busybox:2')]), (e: Error) => {
    assert.match(
      e.message,
      new RegExp(`^Job/${ns}/migrate dry-run failed \\(Invalid\\): .*field is immutable`),
    );
    return true;
  });
  const forced = await rm.applyAll([job('busybox:2')], { force: true });
  assert.equal(forced.entries[0]?.action, 'created');
  const live = await kube.get({
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    namespace: ns,
    name: 'migrate',
  });
  assert.notEqual(live.metadata?.uid, uid);
  // the per-object annotation forces too
  const annotated = await rm.applyAll([job('busybox:3', { 'kustomize.toolkit.fluxcd.io/force': 'Enabled' })]);
  assert.equal(annotated.entries[0]?.action, 'created');
});

test('immutable Service clusterIP: headless cannot replace an allocated IP without force', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const service = (clusterIP?: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', namespace: ns },
    spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...(clusterIP ? { clusterIP } : {}) },
  });
  const svcRef = { version: 'v1', resource: 'services', namespace: ns, name: 'svc' };
  await rm.applyAll([service()]);
  const allocated = await kube.get<{ spec: { clusterIP: string } }>(svcRef);
  assert.notEqual(allocated.spec.clusterIP, 'None');
  await assert.rejects(rm.applyAll([service('None')]), (e: Error) => {
    assert.match(
      e.message,
      new RegExp(`^Service/${ns}/svc dry-run failed \\(Invalid\\): .*may not change once set`),
    );
    return true;
  });
  const forced = await rm.applyAll([service('None')], { force: true });
  assert.equal(formatChangeSet(forced.entries), `Service/${ns}/svc created`);
  assert.equal((await kube.get<{ spec: { clusterIP: string } }>(svcRef)).spec.clusterIP, 'None');
});

test('drift: a changed field drifts, an ignored path does not', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ssa');
  const rm = new ResourceManager(kube, { owner });
  const desired = configMap(ns, 'd', { a: '1', b: '1' });
  await rm.applyAll([desired]);
  assert.equal(await rm.hasDrifted(desired), false);
  await kube.mergePatch(cmRef(ns, 'd'), { data: { b: 'changed' } });
  assert.equal(await rm.hasDrifted(desired), true);
  const diff = await rm.diff(desired);
  assert.equal(formatChangeSet([diff.entry]), `ConfigMap/${ns}/d configured`);
  assert.deepEqual(diff.live?.data, { a: '1', b: 'changed' });
  assert.deepEqual(diff.merged.data, { a: '1', b: '1' });
  assert.equal(diff.merged.metadata?.managedFields, undefined);
  assert.equal((await rm.diff(configMap(ns, 'absent', { a: '1' }))).entry.action, 'created');
  const ignore = [{ paths: ['/data/b'], target: { kind: 'ConfigMap', name: 'd' } }];
  assert.equal(await rm.hasDrifted(desired, { ignore }), false);
  assert.equal(
    await rm.hasDrifted(desired, { ignore: [{ paths: ['/data/b'], target: { kind: 'Secret' } }] }),
    true,
  );
  const r = await rm.applyAll([desired], { ignore });
  assert.equal(r.entries[0]?.action, 'unchanged');
  assert.equal((await kube.get<{ data?: Record<string, string> }>(cmRef(ns, 'd'))).data?.b, 'changed');
});

function kubectlApply(obj: unknown): void {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-kubectl-'));
  const file = join(dir, 'obj.json');
  writeFileSync(file, JSON.stringify(obj));
  execFileSync('kubectl', ['--kubeconfig', testKubeconfig(), 'apply', '-f', file], { stdio: 'pipe' });
}
