// The kustomize controller against the real control plane. Sources are stood up without the
// source controller, as Flux's own tests do: the test serves artifact tarballs over HTTP and
// writes a GitRepository's status.artifact through the status subresource.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { KubeClient } from '../../src/runtime/kube/index.ts';
import { haveGo } from '../../src/toolchain/index.ts';
import { run as runTool, sopsOracle } from '../conformance/sops/oracle.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';
import {
  artifactServer,
  cmRef,
  configMap,
  exists,
  gitRef,
  ksRef,
  kustomization,
  type Obj,
  ready,
  startController,
  waitReady,
} from '../support/kustomize-harness.ts';
import { eventsOf } from '../support/source-controller.ts';

test('create: applies the artifact, Ready with the revision, inventory, owner labels and events', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  const revision = await server.publish(
    ns,
    'repo',
    { 'apps/a.yaml': configMap('a'), 'apps/b.yaml': configMap('b') },
    { 'org.opencontainers.image.revision': 'main@sha1:0123456789abcdef0123456789abcdef01234567' },
  );
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { path: './apps', targetNamespace: ns }));
  const ks = await waitReady(kube, ns, 'apps');
  assert.equal(ready(ks).reason, 'ReconciliationSucceeded');
  assert.equal(ready(ks).message, `Applied revision: ${revision}`);
  assert.equal(ks.status.lastAppliedRevision, revision);
  assert.equal(ks.status.lastAttemptedRevision, revision);
  assert.equal(ks.status.lastAppliedOriginRevision, 'main@sha1:0123456789abcdef0123456789abcdef01234567');
  assert.deepEqual(ks.status.inventory.entries, [
    { id: `${ns}_a__ConfigMap`, v: 'v1' },
    { id: `${ns}_b__ConfigMap`, v: 'v1' },
  ]);
  assert.equal(ks.status.history.length, 1);
  assert.equal(ks.status.history[0].lastReconciledStatus, 'ReconciliationSucceeded');
  assert.equal(ks.status.history[0].metadata.revision, revision);
  assert.deepEqual(ks.metadata?.finalizers, ['finalizers.fluxcd.io']);
  const a = await kube.get<Obj>(cmRef(ns, 'a'));
  assert.equal(a.metadata?.labels?.['kustomize.toolkit.fluxcd.io/name'], 'apps');
  assert.equal(a.metadata?.labels?.['kustomize.toolkit.fluxcd.io/namespace'], ns);
  assert.equal(a.metadata?.managedFields?.[0]?.manager, 'kustomize-controller');
  const events = await eventually(async () => {
    const list = await eventsOf(kube, ns, 'apps');
    if (!list.some((e) => e.includes('Reconciliation finished'))) throw new Error(list.join('\n'));
    return list;
  });
  assert.ok(
    events.includes(`Normal Progressing: ConfigMap/${ns}/a created\nConfigMap/${ns}/b created`),
    events.join('\n'),
  );
});

test('update and prune: a new revision configures, creates and prunes; opted-out objects stay', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  const keep = 'metadata:\n  annotations:\n    kustomize.toolkit.fluxcd.io/prune: disabled\n';
  await server.publish(ns, 'repo', {
    'a.yaml': configMap('a', { k: '1' }),
    'b.yaml': configMap('b'),
    'c.yaml': configMap('c', { k: 'v' }, keep.replace('metadata:\n', '')),
  });
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns }));
  await waitReady(kube, ns, 'apps');
  assert.ok(await exists(kube, cmRef(ns, 'c')));
  const revision = await server.publish(ns, 'repo', {
    'a.yaml': configMap('a', { k: '2' }),
    'd.yaml': configMap('d'),
  });
  const ks = await eventually(async () => {
    const o = await kube.get<Obj>(ksRef(ns, 'apps'));
    if (o.status?.lastAppliedRevision !== revision) throw new Error('not yet applied');
    return o;
  });
  assert.deepEqual(
    ks.status.inventory.entries.map((e: any) => e.id),
    [`${ns}_a__ConfigMap`, `${ns}_d__ConfigMap`],
  );
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '2');
  assert.equal(await exists(kube, cmRef(ns, 'b')), false, 'b was not pruned');
  assert.equal(await exists(kube, cmRef(ns, 'c')), true, 'c opted out of pruning');
  assert.equal(ks.status.history.length, 2);
  const events = await eventsOf(kube, ns, 'apps');
  assert.ok(
    events.some((e) =>
      e.includes(`ConfigMap/${ns}/a configured\nConfigMap/${ns}/d created\nConfigMap/${ns}/b deleted`),
    ),
    events.join('\n'),
  );
});

const requestReconcile = (kube: KubeClient, ns: string, name: string) =>
  kube.mergePatch(ksRef(ns, name), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } },
  });

test('failures: missing source, missing path and a build error (which never prunes)', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'nosource', { sourceRef: { kind: 'GitRepository', name: 'missing' } }),
  );
  const nosource = await waitReady(kube, ns, 'nosource', 'False', 'ArtifactFailed');
  assert.equal(ready(nosource).message, "Source 'GitRepository/missing' not found");
  // Flux only logs a missing source
  assert.deepEqual(await eventsOf(kube, ns, 'nosource'), []);

  await server.publish(ns, 'repo', { 'a.yaml': configMap('a'), 'b.yaml': configMap('b') });
  await kube.create(ksRef(ns), kustomization(ns, 'nopath', { path: './nope', targetNamespace: ns }));
  const nopath = await waitReady(kube, ns, 'nopath', 'False', 'ArtifactFailed');
  assert.match(ready(nopath).message, /^kustomization path not found: /);

  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns, retryInterval: '1s' }));
  const good = await waitReady(kube, ns, 'apps');
  const revision = await server.publish(ns, 'repo', { 'kustomization.yaml': 'resources: [missing.yaml]\n' });
  const failed = await waitReady(kube, ns, 'apps', 'False', 'BuildFailed');
  assert.match(ready(failed).message, /^kustomize build failed: /);
  assert.equal(failed.status.lastAttemptedRevision, revision);
  assert.equal(failed.status.lastAppliedRevision, good.status.lastAppliedRevision);
  assert.deepEqual(failed.status.inventory, good.status.inventory);
  assert.ok(await exists(kube, cmRef(ns, 'a')), 'a build error pruned a');
  assert.ok(await exists(kube, cmRef(ns, 'b')), 'a build error pruned b');
  const reconciling = failed.status.conditions.find((c: any) => c.type === 'Reconciling');
  assert.equal(reconciling?.reason, 'ProgressingWithRetry');
  const events = await eventsOf(kube, ns, 'apps');
  assert.ok(
    events.some((e) => e.startsWith('Warning BuildFailed: kustomize build failed')),
    events.join('\n'),
  );
});

test('a new Kustomization waits quietly while its source fetches a first artifact; a failed source is reported', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  const { reconciles } = await startController(t, kube, ns);
  const gitRepository = (name: string) => ({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace: ns },
    spec: { url: 'https://git.invalid/repo', interval: '1h' },
  });
  // a source still fetching: no artifact, no Ready False
  await kube.create(gitRef(ns), gitRepository('repo'));
  await kube.create(ksRef(ns), kustomization(ns, 'fetching', { targetNamespace: ns }));
  await kube.create(gitRef(ns), gitRepository('broken'));
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'on-broken', { sourceRef: { kind: 'GitRepository', name: 'broken' } }),
  );
  await eventually(
    async () => {
      const o = await kube.get<Obj>(ksRef(ns, 'fetching'));
      if (!o.metadata?.finalizers?.length) throw new Error('not reconciled yet');
    },
    { what: 'the finalizer' },
  );
  // both have been looked at again since (the harness's 1 s --requeue-dependency), still quietly
  const seen = reconciles();
  await eventually(
    () => {
      if (reconciles() < seen + 2) throw new Error(`${reconciles() - seen} rechecks`);
    },
    { what: 'two quiet rechecks' },
  );
  for (const name of ['fetching', 'on-broken'])
    assert.deepEqual(
      (await kube.get<Obj>(ksRef(ns, name))).status?.conditions ?? [],
      [],
      `${name} wrote a status`,
    );

  // the artifact arrives: applied at once (the source's watch), with no failure on the way
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a') });
  await waitReady(kube, ns, 'fetching');
  assert.ok(
    !(await eventsOf(kube, ns, 'fetching')).some((e) => e.startsWith('Warning')),
    'a warning while the source was fetching',
  );

  // the source fails: Flux's message, at the next recheck
  await kube.patchStatus(gitRef(ns, 'broken'), {
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'GitOperationFailed',
          message: 'failed to checkout',
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      ],
    },
  });
  const broken = await waitReady(kube, ns, 'on-broken', 'False', 'ArtifactFailed');
  // Flux's words, then the source and its own failure
  assert.equal(
    ready(broken).message,
    `Source artifact not found, retrying in 1s: GitRepository '${ns}/broken' failed: failed to checkout`,
  );
});

test('suspend stops applying new revisions; resume applies them', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  const first = await server.publish(ns, 'repo', { 'a.yaml': configMap('a', { k: '1' }) });
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns }));
  await waitReady(kube, ns, 'apps');
  await kube.mergePatch(ksRef(ns, 'apps'), { spec: { suspend: true } });
  const second = await server.publish(ns, 'repo', { 'a.yaml': configMap('a', { k: '2' }) });
  // a witness on the same source proves the controller has seen the new revision
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'witness', { path: './', targetNamespace: `${ns}`, prune: false, namePrefix: 'w-' }),
  );
  await eventually(async () => {
    const w = await kube.get<Obj>(ksRef(ns, 'witness'));
    if (w.status?.lastAppliedRevision !== second) throw new Error('witness not applied');
  });
  const suspended = await kube.get<Obj>(ksRef(ns, 'apps'));
  assert.equal(suspended.status.lastAppliedRevision, first);
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '1');
  await kube.mergePatch(ksRef(ns, 'apps'), { spec: { suspend: false } });
  await eventually(async () => {
    const o = await kube.get<Obj>(ksRef(ns, 'apps'));
    if (o.status?.lastAppliedRevision !== second) throw new Error('not resumed');
  });
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '2');
});

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;
const deployRef = (ns: string, name?: string) => ({
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespace: ns,
  name,
});

/** Writes a Deployment's status as a kubelet and the deployment controller would. */
async function setDeploymentStatus(kube: KubeClient, ns: string, name: string, healthy: boolean) {
  const d = await kube.get<Obj>(deployRef(ns, name));
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const progressing = healthy
    ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ok' }
    : {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'deadline exceeded',
      };
  await kube.patchStatus(deployRef(ns, name), {
    status: {
      observedGeneration: d.metadata?.generation,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: healthy ? 1 : 0,
      availableReplicas: healthy ? 1 : 0,
      ...(healthy ? {} : { unavailableReplicas: 1 }),
      conditions: [
        { ...progressing, lastUpdateTime: now, lastTransitionTime: now },
        {
          type: 'Available',
          status: healthy ? 'True' : 'False',
          reason: healthy ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: 'm',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    },
  });
}

test('dependsOn chain and health checks: waits for a healthy dependency, then proceeds', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await server.publish(ns, 'repo', {
    'infra/web.yaml': deployment('web'),
    'apps/a.yaml': configMap('a'),
    'more/b.yaml': configMap('b'),
  });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'infra', { path: './infra', targetNamespace: ns, wait: true, timeout: '1m' }),
  );
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { path: './apps', targetNamespace: ns, dependsOn: [{ name: 'infra' }] }),
  );
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'more', { path: './more', targetNamespace: ns, dependsOn: [{ name: 'apps' }] }),
  );
  const waiting = await waitReady(kube, ns, 'apps', 'False', 'DependencyNotReady');
  assert.equal(ready(waiting).message, `dependency '${ns}/infra' is not ready`);
  await waitReady(kube, ns, 'more', 'False', 'DependencyNotReady');
  const waitingEvents = await eventually(async () => {
    const list = await eventsOf(kube, ns, 'apps');
    if (list.length === 0) throw new Error('no events yet');
    return list;
  });
  assert.ok(
    waitingEvents.includes(
      'Normal DependencyNotReady: Dependencies do not meet ready condition, retrying in 1s',
    ),
    waitingEvents.join('\n'),
  );
  assert.equal(await exists(kube, cmRef(ns, 'a')), false);
  const infra = await eventually(async () => {
    const o = await kube.get<Obj>(ksRef(ns, 'infra'));
    const healthy = o.status?.conditions?.find((c: any) => c.type === 'Healthy');
    if (healthy?.status !== 'Unknown') throw new Error(`healthy ${healthy?.status}`);
    return o;
  });
  assert.match(
    infra.status.conditions.find((c: any) => c.type === 'Healthy').message,
    /^Running health checks for revision /,
  );
  await setDeploymentStatus(kube, ns, 'web', true);
  const done = await waitReady(kube, ns, 'infra');
  const healthy = done.status.conditions.find((c: any) => c.type === 'Healthy');
  assert.equal(healthy.status, 'True');
  assert.match(healthy.message, /^Health check passed in /);
  await waitReady(kube, ns, 'apps');
  await waitReady(kube, ns, 'more');
  assert.ok(await exists(kube, cmRef(ns, 'b')));
});

test('readyExpr: a CEL expression decides when a dependency is ready', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await server.publish(ns, 'repo', { 'a/a.yaml': configMap('a'), 'b/b.yaml': configMap('b') });
  await kube.create(ksRef(ns), {
    ...kustomization(ns, 'a', { path: './a', targetNamespace: ns }),
    metadata: { name: 'a', namespace: ns, labels: { tier: 'base' } },
  });
  await waitReady(kube, ns, 'a');
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'b', {
      path: './b',
      targetNamespace: ns,
      dependsOn: [{ name: 'a', readyExpr: "dep.metadata.labels['tier'] == 'ready'" }],
    }),
  );
  const blocked = await waitReady(kube, ns, 'b', 'False', 'DependencyNotReady');
  assert.equal(ready(blocked).message, `dependency '${ns}/a' is not ready according to readyExpr eval`);
  await kube.mergePatch(ksRef(ns, 'a'), { metadata: { labels: { tier: 'ready' } } });
  await waitReady(kube, ns, 'b');
});

test('health check failure: fails fast naming the failing object; Healthy False', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await server.publish(ns, 'repo', { 'web.yaml': deployment('web') });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', {
      targetNamespace: ns,
      timeout: '2m',
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
    }),
  );
  await eventually(() => kube.get(deployRef(ns, 'web')));
  await setDeploymentStatus(kube, ns, 'web', false);
  // far sooner than the 2m timeout: Failed stops the wait at once
  const failed = await waitReady(kube, ns, 'apps', 'False', 'HealthCheckFailed');
  assert.match(ready(failed).message, /^health check failed after .*Deployment\/.*\/web status: 'Failed'/);
  const healthy = failed.status.conditions.find((c: any) => c.type === 'Healthy');
  assert.equal(healthy.status, 'False');
  assert.equal(healthy.reason, 'HealthCheckFailed');
});

test('serviceAccountName: impersonation is denied without RBAC and allowed once granted', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await kube.create(
    { version: 'v1', resource: 'serviceaccounts', namespace: ns },
    { metadata: { name: 'deployer' } },
  );
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a') });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { targetNamespace: ns, serviceAccountName: 'deployer', retryInterval: '1s' }),
  );
  const denied = await waitReady(kube, ns, 'apps', 'False', 'ReconciliationFailed');
  assert.match(
    ready(denied).message,
    new RegExp(
      `^ConfigMap/${ns}/a dry-run failed \\(Forbidden\\): .*system:serviceaccount:${ns}:deployer.*cannot`,
    ),
  );
  assert.equal(await exists(kube, cmRef(ns, 'a')), false);
  const rbac = 'rbac.authorization.k8s.io';
  await kube.create(
    { group: rbac, version: 'v1', resource: 'roles', namespace: ns },
    {
      metadata: { name: 'deployer' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }],
    },
  );
  await kube.create(
    { group: rbac, version: 'v1', resource: 'rolebindings', namespace: ns },
    {
      metadata: { name: 'deployer' },
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'deployer' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }],
    },
  );
  await waitReady(kube, ns, 'apps');
  const a = await kube.get<Obj>(cmRef(ns, 'a'));
  assert.equal(a.metadata?.managedFields?.[0]?.manager, 'kustomize-controller');
});

test('kubeConfig.secretRef: applies to the cluster of the kubeconfig; its credentials never leak', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  const { logs } = await startController(t, kube, ns);
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a') });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'remote', {
      targetNamespace: ns,
      retryInterval: '1s',
      kubeConfig: { secretRef: { name: 'remote-kubeconfig' } },
    }),
  );
  const missing = await waitReady(kube, ns, 'remote', 'False', 'ReconciliationFailed');
  assert.match(ready(missing).message, /remote-kubeconfig/);
  const text = readFileSync(testKubeconfig(), 'utf8');
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    { metadata: { name: 'remote-kubeconfig' }, data: { 'value.yaml': Buffer.from(text).toString('base64') } },
  );
  await waitReady(kube, ns, 'remote');
  assert.ok(await exists(kube, cmRef(ns, 'a')));
  const key = /client-key-data:\s*(\S+)/.exec(text)?.[1];
  assert.ok(key, 'the test kubeconfig has a client key');
  const events = await eventsOf(kube, ns, 'remote');
  for (const where of [logs.join('\n'), events.join('\n')]) assert.equal(where.includes(key), false);
});

test('force: an immutable change fails, and is recreated with spec.force', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  const immutable = (v: string) => `${configMap('a', { k: v })}immutable: true\n`;
  await server.publish(ns, 'repo', { 'a.yaml': immutable('1') });
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns, retryInterval: '1s' }));
  await waitReady(kube, ns, 'apps');
  const before = await kube.get<Obj>(cmRef(ns, 'a'));
  await server.publish(ns, 'repo', { 'a.yaml': immutable('2') });
  const failed = await waitReady(kube, ns, 'apps', 'False', 'ReconciliationFailed');
  assert.match(ready(failed).message, /ConfigMap\/.*\/a .*immutable/);
  await kube.mergePatch(ksRef(ns, 'apps'), { spec: { force: true } });
  await waitReady(kube, ns, 'apps');
  const after = await kube.get<Obj>(cmRef(ns, 'a'));
  assert.equal(after.data.k, '2');
  assert.notEqual(after.metadata?.uid, before.metadata?.uid, 'not recreated');
});

test('drift: corrected on the next reconcile, kept where spec.ignore says so', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await server.publish(ns, 'repo', {
    'a.yaml': configMap('a', { k: 'v' }),
    'b.yaml': configMap('b', { k: 'v' }),
  });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', {
      targetNamespace: ns,
      ignore: [{ paths: ['/data/k'], target: { kind: 'ConfigMap', name: 'b' } }],
    }),
  );
  await waitReady(kube, ns, 'apps');
  for (const name of ['a', 'b'])
    await kube.mergePatch(cmRef(ns, name), { data: { k: 'drifted' } }, { fieldManager: 'someone' });
  await requestReconcile(kube, ns, 'apps');
  await eventually(async () => {
    const a = await kube.get<Obj>(cmRef(ns, 'a'));
    if (a.data.k !== 'v') throw new Error('drift not corrected');
  });
  const ks = await eventually(async () => {
    const o = await kube.get<Obj>(ksRef(ns, 'apps'));
    const requested = o.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'];
    if (o.status?.lastHandledReconcileAt !== requested) throw new Error('request not handled');
    return o;
  });
  assert.equal(ready(ks).status, 'True');
  assert.equal((await kube.get<Obj>(cmRef(ns, 'b'))).data.k, 'drifted');
  const events = await eventsOf(kube, ns, 'apps');
  assert.ok(
    events.some((e) => e === `Normal Progressing: ConfigMap/${ns}/a configured`),
    events.join('\n'),
  );
});

test('objects created by kubectl are taken over', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await kube.apply(
    cmRef(ns, 'a'),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: ns }, data: { k: 'kubectl' } },
    { fieldManager: 'kubectl' },
  );
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a', { k: 'flux' }) });
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { targetNamespace: ns }));
  const ks = await waitReady(kube, ns, 'apps');
  assert.deepEqual(ks.status.inventory.entries, [{ id: `${ns}_a__ConfigMap`, v: 'v1' }]);
  const a = await kube.get<Obj>(cmRef(ns, 'a'));
  assert.equal(a.data.k, 'flux');
  assert.deepEqual(
    a.metadata?.managedFields?.map((f: any) => f.manager),
    ['kustomize-controller'],
  );
});

test('deletion policies: MirrorPrune follows prune, Delete and WaitForTermination delete, Orphan keeps', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await server.publish(ns, 'repo', { 'a.yaml': configMap('a') });
  const cases = [
    { name: 'mirror', prune: true, policy: undefined, deleted: true },
    { name: 'mirror-noprune', prune: false, policy: undefined, deleted: false },
    { name: 'delete', prune: false, policy: 'Delete', deleted: true },
    { name: 'wait', prune: true, policy: 'WaitForTermination', deleted: true },
    { name: 'orphan', prune: true, policy: 'Orphan', deleted: false },
  ];
  for (const c of cases)
    await kube.create(
      ksRef(ns),
      kustomization(ns, c.name, {
        targetNamespace: ns,
        namePrefix: `${c.name}-`,
        prune: c.prune,
        ...(c.policy ? { deletionPolicy: c.policy } : {}),
      }),
    );
  for (const c of cases) await waitReady(kube, ns, c.name);
  for (const c of cases) await kube.delete(ksRef(ns, c.name));
  for (const c of cases) {
    await eventually(async () => {
      if (await exists(kube, ksRef(ns, c.name))) throw new Error(`${c.name} still there`);
    });
    assert.equal(await exists(kube, cmRef(ns, `${c.name}-a`)), !c.deleted, c.name);
  }
});

test('healthCheckExprs: CEL decides the health of the kinds it names, watch-driven', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await server.publish(ns, 'repo', {
    'ok/a.yaml': configMap('a', { state: 'pending' }),
    'bad/b.yaml': configMap('b', { state: 'broken' }),
  });
  const healthCheckExprs = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      // `ready` is no field of the manifests: a reconcile never takes it away
      current: "has(data.ready) && data.ready == 'yes'",
      failed: "data.state == 'broken'",
    },
  ];
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'ok', {
      path: './ok',
      targetNamespace: ns,
      wait: true,
      timeout: '2m',
      healthCheckExprs,
    }),
  );
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'bad', {
      path: './bad',
      targetNamespace: ns,
      wait: true,
      timeout: '2m',
      healthCheckExprs,
    }),
  );
  const bad = await waitReady(kube, ns, 'bad', 'False', 'HealthCheckFailed');
  assert.match(ready(bad).message, new RegExp(`ConfigMap/${ns}/b status: 'Failed'`));
  await eventually(async () => {
    const o = await kube.get<Obj>(ksRef(ns, 'ok'));
    if (o.status?.conditions?.find((c: any) => c.type === 'Healthy')?.status !== 'Unknown')
      throw new Error('not checking');
  });
  await kube.mergePatch(cmRef(ns, 'a'), { data: { ready: 'yes' } }, { fieldManager: 'someone' });
  const ok = await waitReady(kube, ns, 'ok');
  assert.equal(ok.status.conditions.find((c: any) => c.type === 'Healthy').status, 'True');

  await kube.create(
    ksRef(ns),
    kustomization(ns, 'invalid', {
      path: './ok',
      targetNamespace: ns,
      wait: true,
      healthCheckExprs: [{ apiVersion: 'v1', kind: 'ConfigMap', current: 'data.(' }],
    }),
  );
  const invalid = await eventually(async () => {
    const o = await kube.get<Obj>(ksRef(ns, 'invalid'));
    const stalled = o.status?.conditions?.find((c: any) => c.type === 'Stalled');
    if (stalled?.status !== 'True') throw new Error('not stalled');
    return stalled;
  });
  assert.equal(invalid.reason, 'InvalidCELExpression');
});

test('postBuild: variables from ConfigMaps, Secrets and inline; missing sources; decryption secret', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  await server.publish(ns, 'repo', {
    'a.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${ENV}\ndata:\n  who: ${WHO}\n  token: ${TOKEN}\n  region: ${REGION:=eu}\n',
  });
  await kube.create(
    { version: 'v1', resource: 'configmaps', namespace: ns },
    { metadata: { name: 'vars' }, data: { ENV: 'prod', WHO: 'configmap' } },
  );
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    { metadata: { name: 'secret-vars' }, stringData: { TOKEN: 's3cr3t-t0ken' } },
  );
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', {
      targetNamespace: ns,
      retryInterval: '1s',
      postBuild: {
        substitute: { WHO: 'inline' },
        substituteFrom: [
          { kind: 'ConfigMap', name: 'vars' },
          { kind: 'Secret', name: 'secret-vars' },
          { kind: 'ConfigMap', name: 'absent', optional: true },
        ],
      },
    }),
  );
  await waitReady(kube, ns, 'apps');
  const cm = await kube.get<Obj>(cmRef(ns, 'app-prod'));
  assert.deepEqual(cm.data, { who: 'inline', token: 's3cr3t-t0ken', region: 'eu' });

  await kube.create(
    ksRef(ns),
    kustomization(ns, 'missing-vars', {
      targetNamespace: ns,
      postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: 'absent' }] },
    }),
  );
  const missing = await waitReady(kube, ns, 'missing-vars', 'False', 'BuildFailed');
  assert.match(ready(missing).message, /^substitute from 'ConfigMap\/absent' error: /);

  await kube.create(
    ksRef(ns),
    kustomization(ns, 'no-keys', {
      targetNamespace: ns,
      decryption: { provider: 'sops', secretRef: { name: 'sops-keys' } },
    }),
  );
  const noKeys = await waitReady(kube, ns, 'no-keys', 'False', 'BuildFailed');
  assert.match(ready(noKeys).message, new RegExp(`^cannot get sops decryption Secret '${ns}/sops-keys': `));
});

test('--no-cross-namespace-refs: a source or dependency in another namespace is refused', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  await startController(t, kube, ns, { noCrossNamespaceRefs: true });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', {
      sourceRef: { kind: 'GitRepository', name: 'repo', namespace: 'flux-system' },
    }),
  );
  const denied = await waitReady(kube, ns, 'apps', 'False', 'AccessDenied');
  assert.equal(
    ready(denied).message,
    "can't access 'GitRepository/flux-system/repo', cross-namespace references have been blocked",
  );
  // as Flux: the spec cannot work under the flag, so it stalls (no retry until the spec changes)
  const stalled = denied.status?.conditions?.find((c: { type: string }) => c.type === 'Stalled');
  assert.equal(stalled?.status, 'True');
  assert.equal(stalled?.reason, 'AccessDenied');
});

// the oracle (the real sops and age-keygen) is built from source with Go, once, then cached
const noSopsOracle = haveGo() ? false : 'the Go toolchain is not installed: cannot build the sops oracle';

test('decryption: SOPS (age) Secrets and secretGenerator env files, encrypted by the real sops', {
  skip: noSopsOracle,
}, async (t) => {
  const oracle = await sopsOracle();
  const work = mkdtempSync(join(tmpdir(), 'ks-sops-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const sh = async (bin: string, args: string[]) => {
    const r = await runTool(bin, args, { env: { SOPS_AGE_KEY_FILE: '/nonexistent' } });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.toString();
  };
  await sh(oracle.ageKeygen, ['-o', join(work, 'key.agekey')]);
  const keyText = readFileSync(join(work, 'key.agekey'), 'utf8');
  const recipient = /public key: (age1[0-9a-z]+)/.exec(keyText)?.[1] ?? '';
  writeFileSync(
    join(work, 'secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secret\nstringData:\n  password: hunter2-plain\n',
  );
  writeFileSync(join(work, 'token.env'), 'TOKEN=t0k3n-plain\n');
  const secretYaml = await sh(oracle.sops, [
    'encrypt',
    '--age',
    recipient,
    '--encrypted-regex',
    '^(data|stringData)$',
    join(work, 'secret.yaml'),
  ]);
  const tokenEnv = await sh(oracle.sops, ['encrypt', '--age', recipient, join(work, 'token.env')]);
  assert.ok(!secretYaml.includes('hunter2-plain') && !tokenEnv.includes('t0k3n-plain'));

  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks');
  const server = await artifactServer(t, kube);
  const { logs } = await startController(t, kube, ns);
  await server.publish(ns, 'repo', {
    'kustomization.yaml':
      'resources: [secret.yaml]\nsecretGenerator:\n- name: gen\n  envs: [token.env]\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
    'secret.yaml': secretYaml,
    'token.env': tokenEnv,
  });
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    { metadata: { name: 'sops-age' }, stringData: { 'age.agekey': keyText } },
  );
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'secrets', {
      targetNamespace: ns,
      decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
    }),
  );
  await waitReady(kube, ns, 'secrets');
  const secretRef = (name: string) => ({ version: 'v1', resource: 'secrets', namespace: ns, name });
  const decoded = (s: Obj, k: string) => Buffer.from(s.data?.[k] ?? '', 'base64').toString();
  assert.equal(decoded(await kube.get<Obj>(secretRef('app-secret')), 'password'), 'hunter2-plain');
  assert.equal(decoded(await kube.get<Obj>(secretRef('gen')), 'TOKEN'), 't0k3n-plain');
  const secretKey = /AGE-SECRET-KEY-\S+/.exec(keyText)?.[0] ?? '';
  const events = await eventsOf(kube, ns, 'secrets');
  for (const where of [logs.join('\n'), events.join('\n')]) {
    assert.equal(where.includes(secretKey), false);
    assert.equal(where.includes('hunter2-plain'), false);
  }
});
