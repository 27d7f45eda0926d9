// The helm controller with the real source controller on the workload cluster (Deployments become
// ready there): podinfo from a local Helm repository (packaged by the real helm) installed,
// upgraded on a values change, a watched ConfigMap change and a new chart version, its hooks run,
// and uninstalled on delete; a missing chart version and a rejected install failing with Flux's
// reasons; a chartRef to an OCIRepository (pushed with helm push), dependsOn; a release made by
// helm install adopted; a release locked in pending-upgrade unlocked; CRD policies; the brief's
// v2beta1 HelmRelease, unchanged, installed from a git repository holding `./charts/game`. The
// real `helm` CLI is the oracle for the release Secrets tsflux writes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { releaseFromSecret, releaseToSecret } from '../../src/engines/helm/index.ts';
import { applyCrdsWithConversion, startConversionWebhook } from '../../src/manager/index.ts';
import type { KubeClient } from '../../src/runtime/kube/index.ts';
import { startGitHttpServer, startHelmRepository, startOciRegistry } from '../servers/index.ts';
import { run } from '../servers/process.ts';
import { eventually, testNamespace, testWorkloadClient, testWorkloadKubeconfig } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';
import {
  condition,
  createHelmRepository,
  deployRef,
  helm,
  hrRef,
  type Obj,
  PODINFO,
  podinfoRelease,
  startHelmController,
  waitReady,
  withChartRepository,
} from '../support/helm-release-harness.ts';
import { eventsOf, startTestSourceController } from '../support/source-controller.ts';

const sourceRef = (resource: string, ns: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource,
  namespace: ns,
  name,
});
const secretsRef = (ns: string) => ({ version: 'v1', resource: 'secrets', namespace: ns });

/** Waits until the namespace has no Deployment left (or only ones being deleted). */
function noDeploymentsLeft(kube: KubeClient, ns: string) {
  return eventually(
    async () => {
      const list = await kube.list<Obj>({
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        namespace: ns,
      });
      assert.equal(list.items.filter((d) => !d.metadata?.deletionTimestamp).length, 0);
    },
    { what: `no Deployment left in ${ns}` },
  );
}

test('podinfo from a Helm repository: installed, upgraded on a values change, uninstalled on delete', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hr');
  await kube.create(
    { version: 'v1', resource: 'configmaps', namespace: ns },
    {
      metadata: { name: 'podinfo-values', namespace: ns, labels: { 'reconcile.fluxcd.io/watch': 'Enabled' } },
      data: { 'values.yaml': 'replicaCount: 3\nui:\n  message: from-configmap\n' },
    },
  );
  // valuesFrom first, spec.values over it: replicaCount 1 wins, the message stays
  await kube.create(
    hrRef(ns),
    podinfoRelease(ns, 'podinfo', {
      valuesFrom: [{ kind: 'ConfigMap', name: 'podinfo-values' }],
      values: { replicaCount: 1 },
      maxHistory: 2,
    }),
  );

  const installed = await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');
  const ready = condition(installed, 'Ready');
  assert.equal(
    ready?.message,
    `Helm install succeeded for release ${ns}/podinfo.v1 with chart podinfo@6.14.1`,
  );
  assert.equal(condition(installed, 'Released')?.reason, 'InstallSucceeded');
  assert.equal(installed.status.helmChart, `${ns}/${ns}-podinfo`);
  assert.equal(installed.status.storageNamespace, ns);
  assert.equal(installed.status.lastAttemptedRevision, '6.14.1');
  assert.equal(installed.status.lastAttemptedReleaseAction, 'install');
  assert.match(installed.status.lastAttemptedConfigDigest, /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(
    installed.status.history.map((h: any) => [h.version, h.status, h.chartName, h.chartVersion]),
    [[1, 'deployed', 'podinfo', '6.14.1']],
  );
  assert.equal(installed.status.history[0].configDigest, installed.status.lastAttemptedConfigDigest);
  // the HelmChart the template made, owned by name
  const chart = await kube.get<Obj>(sourceRef('helmcharts', ns, `${ns}-podinfo`));
  assert.equal(chart.spec.chart, 'podinfo');
  assert.equal(chart.metadata?.labels?.['helm.toolkit.fluxcd.io/name'], 'podinfo');

  // the Deployment is ready, applied by helm-controller with the merged values
  const deployment = await eventually(
    async () => {
      const d = await kube.get<Obj>(deployRef(ns, 'podinfo'));
      assert.equal(d.status?.readyReplicas, 1);
      return d;
    },
    { timeoutMs: 60_000, what: 'podinfo Deployment ready' },
  );
  const env = deployment.spec.template.spec.containers[0].env ?? [];
  assert.ok(
    env.some((e: any) => e.name === 'PODINFO_UI_MESSAGE' && e.value === 'from-configmap'),
    JSON.stringify(env),
  );
  assert.ok(
    deployment.metadata?.managedFields?.some(
      (f: any) => f.manager === 'helm-controller' && f.operation === 'Apply',
    ),
  );
  assert.equal(deployment.metadata?.annotations?.['meta.helm.sh/release-name'], 'podinfo');
  assert.equal(deployment.metadata?.labels?.['helm.toolkit.fluxcd.io/name'], 'podinfo');

  // the real helm reads the release Secret tsflux wrote
  const listed = JSON.parse(await helm(t, ['list', '-n', ns, '-o', 'json']));
  assert.deepEqual(
    listed.map((r: any) => [r.name, r.revision, r.status, r.chart]),
    [['podinfo', '1', 'deployed', 'podinfo-6.14.1']],
  );
  const events = await eventsOf(kube, ns, 'podinfo');
  assert.ok(
    events.includes(
      `Normal InstallSucceeded: Helm install succeeded for release ${ns}/podinfo.v1 with chart podinfo@6.14.1`,
    ),
    events.join('\n'),
  );

  // a values change upgrades: revision 2, the first superseded
  await kube.mergePatch(hrRef(ns, 'podinfo'), { spec: { values: { replicaCount: 2 } } });
  const upgraded = await waitReady(kube, ns, 'podinfo', 'True', 'UpgradeSucceeded');
  assert.equal(
    condition(upgraded, 'Ready')?.message,
    `Helm upgrade succeeded for release ${ns}/podinfo.v2 with chart podinfo@6.14.1`,
  );
  assert.equal(upgraded.status.lastAttemptedReleaseAction, 'upgrade');
  assert.deepEqual(
    upgraded.status.history.map((h: any) => [h.version, h.status]),
    [
      [2, 'deployed'],
      [1, 'superseded'],
    ],
  );
  await eventually(
    async () => assert.equal((await kube.get<Obj>(deployRef(ns, 'podinfo'))).status?.readyReplicas, 2),
    { timeoutMs: 60_000, what: 'podinfo scaled to 2' },
  );
  const history = JSON.parse(await helm(t, ['history', 'podinfo', '-n', ns, '-o', 'json']));
  assert.deepEqual(
    history.map((r: any) => [r.revision, r.status, r.description]),
    [
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ],
  );
  const values = JSON.parse(await helm(t, ['get', 'values', 'podinfo', '-n', ns, '-o', 'json']));
  assert.equal(values.replicaCount, 2);

  // a change of the watched ConfigMap upgrades at once: revision 3 with the new message
  await kube.mergePatch(
    { version: 'v1', resource: 'configmaps', namespace: ns, name: 'podinfo-values' },
    { data: { 'values.yaml': 'ui:\n  message: changed\n' } },
  );
  await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'podinfo'));
      assert.equal(o.status?.history?.[0]?.version, 3);
      assert.equal(condition(o, 'Ready')?.status, 'True');
      const d = await kube.get<Obj>(deployRef(ns, 'podinfo'));
      const env = d.spec.template.spec.containers[0].env ?? [];
      assert.ok(env.some((e: any) => e.name === 'PODINFO_UI_MESSAGE' && e.value === 'changed'));
    },
    { timeoutMs: 60_000, what: 'upgrade on the ConfigMap change' },
  );
  // maxHistory: two revisions kept, in the status and in Helm's storage
  const three = await kube.get<Obj>(hrRef(ns, 'podinfo'));
  assert.deepEqual(
    three.status.history.map((h: any) => h.version),
    [3, 2],
  );
  const stored = await kube.list<Obj>(secretsRef(ns), { labelSelector: 'owner=helm,name=podinfo' });
  assert.deepEqual(stored.items.map((s) => s.metadata?.labels?.version).sort(), ['2', '3']);

  // deleting the HelmRelease uninstalls: objects, release history and the HelmChart go
  await kube.delete(hrRef(ns, 'podinfo'));
  await eventually(
    async () => {
      const left = (await kube.list<Obj>(hrRef(ns))).items;
      assert.equal(left.length, 0, 'the finalizer was removed');
    },
    { timeoutMs: 60_000, what: 'HelmRelease gone' },
  );
  const releases = await kube.list<Obj>(secretsRef(ns), { labelSelector: 'owner=helm' });
  assert.equal(releases.items.length, 0);
  await noDeploymentsLeft(kube, ns);
  await assert.rejects(kube.get(sourceRef('helmcharts', ns, `${ns}-podinfo`)), /not found/i);
  assert.ok(
    (await eventsOf(kube, ns, 'podinfo')).includes(
      `Normal UninstallSucceeded: Helm uninstall succeeded for release ${ns}/podinfo.v3 with chart podinfo@6.14.1`,
    ),
  );
});

test('a chart version the repository lacks: Ready False HelmChartNotReady, nothing installed', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hrfail');
  await kube.create(
    hrRef(ns),
    podinfoRelease(ns, 'missing', {
      chart: {
        spec: { chart: 'podinfo', version: '9.9.9', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
      },
    }),
  );
  const failed = await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'missing'));
      const ready = condition(o, 'Ready');
      assert.equal(ready?.reason, 'HelmChartNotReady', JSON.stringify(ready));
      // the HelmChart's own failure is named once it has one
      assert.match(
        ready?.message ?? '',
        new RegExp(`^HelmChart '${ns}/${ns}-missing' is not ready: .*9\\.9\\.9`),
      );
      return o;
    },
    { timeoutMs: 60_000, what: 'missing Ready False' },
  );
  assert.equal(condition(failed, 'Ready')?.status, 'False');
  assert.equal(condition(failed, 'Released'), undefined);
  assert.equal((await kube.list<Obj>(secretsRef(ns), { labelSelector: 'owner=helm' })).items.length, 0);
  const deployments = await kube.list<Obj>({
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    namespace: ns,
  });
  assert.equal(deployments.items.length, 0);
});

test('hooks run with their delete policies; a new chart version upgrades; a failed upgrade cleans up', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns, repo } = await withChartRepository(t, 'hrhooks');
  const jobs = async () =>
    (await kube.list<Obj>({ group: 'batch', version: 'v1', resource: 'jobs', namespace: ns })).items
      .filter((j) => !j.metadata?.deletionTimestamp)
      .map((j) => j.metadata?.name)
      .sort();
  await kube.create(
    hrRef(ns),
    podinfoRelease(ns, 'podinfo', {
      chart: {
        spec: { chart: 'podinfo', version: '*', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
      },
      values: {
        hooks: {
          // deleted once it succeeded (the chart's default policy)
          preInstall: { job: { enabled: true } },
          // kept: only deleted before the next one is created
          postInstall: { job: { enabled: true, hookDeletePolicy: 'before-hook-creation' } },
        },
      },
    }),
  );
  await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');
  await eventually(async () => assert.deepEqual(await jobs(), ['podinfo-post-install']), {
    what: 'only the kept hook Job left',
  });
  const status = JSON.parse(await helm(t, ['status', 'podinfo', '-n', ns, '-o', 'json']));
  const phases = Object.fromEntries(
    (status.hooks ?? []).map((h: any) => [h.name, h.last_run?.phase]),
  ) as Record<string, string>;
  assert.equal(phases['podinfo-pre-install'], 'Succeeded');
  assert.equal(phases['podinfo-post-install'], 'Succeeded');

  // a new chart version in the repository reaches the release through the HelmChart's artifact
  await repo.addChart({ dir: PODINFO, version: '6.15.0' });
  await kube.mergePatch(sourceRef('helmrepositories', ns, 'charts'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': String(Date.now()) } },
  });
  const upgraded = await waitReady(kube, ns, 'podinfo', 'True', 'UpgradeSucceeded');
  assert.equal(
    condition(upgraded, 'Ready')?.message,
    `Helm upgrade succeeded for release ${ns}/podinfo.v2 with chart podinfo@6.15.0`,
  );
  assert.equal(upgraded.status.lastAttemptedRevision, '6.15.0');
  assert.deepEqual(
    upgraded.status.history.map((h: any) => [h.version, h.chartVersion, h.status]),
    [
      [2, '6.15.0', 'deployed'],
      [1, '6.14.1', 'superseded'],
    ],
  );
  // install hooks do not run on an upgrade: the kept post-install Job is still the first one
  assert.deepEqual(await jobs(), ['podinfo-post-install']);

  // an upgrade that fails its health check after applying, with cleanupOnFail: what it created
  // (the HorizontalPodAutoscaler) is deleted, the revision is failed
  await kube.mergePatch(hrRef(ns, 'podinfo'), {
    spec: {
      values: { hpa: { enabled: true } },
      upgrade: { cleanupOnFail: true },
      healthCheckExprs: [{ apiVersion: 'apps/v1', kind: 'Deployment', current: 'false', failed: 'true' }],
    },
  });
  const failed = await waitReady(kube, ns, 'podinfo', 'False', 'UpgradeFailed');
  assert.match(
    condition(failed, 'Ready')?.message ?? '',
    new RegExp(`^Helm upgrade failed for release ${ns}/podinfo with chart podinfo@6.15.0: .*Deployment`),
  );
  assert.deepEqual(failed.status.history.map((h: any) => [h.version, h.status]).slice(0, 2), [
    [3, 'failed'],
    [2, 'deployed'],
  ]);
  const hpas = await kube.list<Obj>({
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    namespace: ns,
  });
  assert.equal(
    hpas.items.filter((h) => !h.metadata?.deletionTimestamp).length,
    0,
    'the created HPA is cleaned up',
  );
});

test('an install the API server rejects: InstallFailed, the revision failed, a Warning, then Stalled', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hrbad');
  // a negative replica count passes the chart but not the API server's validation
  await kube.create(hrRef(ns), podinfoRelease(ns, 'podinfo', { values: { replicaCount: -1 } }));
  const failed = await waitReady(kube, ns, 'podinfo', 'False', 'InstallFailed');
  const message = condition(failed, 'Ready')?.message ?? '';
  assert.ok(
    message.startsWith(`Helm install failed for release ${ns}/podinfo with chart podinfo@6.14.1: `),
    message,
  );
  assert.match(message, /Deployment.*podinfo/);
  assert.equal(condition(failed, 'Released')?.reason, 'InstallFailed');
  assert.equal(failed.status.installFailures, 1);
  assert.deepEqual(
    failed.status.history.map((h: any) => [h.version, h.status]),
    [[1, 'failed']],
  );
  const history = JSON.parse(await helm(t, ['history', 'podinfo', '-n', ns, '-o', 'json']));
  assert.deepEqual(
    history.map((r: any) => [r.revision, r.status]),
    [[1, 'failed']],
  );
  assert.match(history[0].description, /^Release "podinfo" failed: /);
  const events = await eventsOf(kube, ns, 'podinfo');
  assert.ok(
    events.some((e) => e.startsWith('Warning InstallFailed: Helm install failed for release')),
    events.join('\n'),
  );

  // no retries (remediation.retries defaults to 0): asked again, it stalls, Ready keeps the failure
  await kube.mergePatch(hrRef(ns, 'podinfo'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': String(Date.now()) } },
  });
  const stalled = await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'podinfo'));
      const s = condition(o, 'Stalled');
      assert.equal(s?.status, 'True', JSON.stringify(o.status?.conditions));
      return o;
    },
    { what: 'Stalled RetriesExceeded' },
  );
  assert.equal(condition(stalled, 'Stalled')?.reason, 'RetriesExceeded');
  assert.equal(condition(stalled, 'Stalled')?.message, 'Failed to install after 1 attempt(s)');
  assert.equal(condition(stalled, 'Ready')?.reason, 'InstallFailed');
  assert.equal(stalled.status.installFailures, 1, 'not tried again');
});

test('chartRef to an OCIRepository (pushed with helm push); dependsOn; a new release name moves the release', {
  timeout: 120_000,
}, async (t) => {
  const kube = testWorkloadClient(t);
  const ns = await testNamespace(t, kube, 'hroci');
  const registry = await startOciRegistry();
  t.after(() => registry.stop());
  const work = mkdtempSync(join(tmpdir(), 'helm-push-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  await helm(t, ['package', PODINFO, '--destination', work]);
  await helm(t, ['push', join(work, 'podinfo-6.14.1.tgz'), `oci://${registry.host}/charts`, '--plain-http']);
  await startTestSourceController(t, kube, ns, { kinds: ['OCIRepository'] });
  await startHelmController(t, kube, ns);
  await kube.create(sourceRef('ocirepositories', ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { name: 'podinfo', namespace: ns },
    spec: {
      url: `oci://${registry.host}/charts/podinfo`,
      ref: { tag: '6.14.1' },
      insecure: true,
      interval: '10m',
      layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
    },
  });
  const release = (name: string, spec: Record<string, unknown> = {}) => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: ns },
    spec: { interval: '10m', chartRef: { kind: 'OCIRepository', name: 'podinfo' }, ...spec },
  });
  // a release that depends on one not there yet waits, then follows it once it is Ready
  await kube.create(hrRef(ns), release('after', { dependsOn: [{ name: 'podinfo' }] }));
  const waiting = await waitReady(kube, ns, 'after', 'False', 'DependencyNotReady');
  assert.match(
    condition(waiting, 'Ready')?.message ?? '',
    new RegExp(`^unable to get '${ns}/podinfo' dependency`),
  );
  await kube.create(hrRef(ns), release('podinfo'));
  const installed = await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');
  await waitReady(kube, ns, 'after', 'True', 'InstallSucceeded');
  assert.equal(installed.status.lastAttemptedRevision, '6.14.1');
  const oci = await kube.get<Obj>(sourceRef('ocirepositories', ns, 'podinfo'));
  assert.equal(installed.status.lastAttemptedRevisionDigest, oci.status.artifact.digest);
  // the snapshot names the OCI artifact the chart came from, as Flux records it
  assert.equal(installed.status.history[0].ociDigest, oci.status.artifact.digest);
  assert.equal(installed.status.helmChart, undefined, 'no HelmChart for a chartRef');
  const listed = JSON.parse(await helm(t, ['list', '-n', ns, '-o', 'json']));
  assert.deepEqual(
    listed.map((r: any) => [r.name, r.status, r.chart]),
    [
      ['after', 'deployed', 'podinfo-6.14.1'],
      ['podinfo', 'deployed', 'podinfo-6.14.1'],
    ],
  );
  // a new release name is a new target: the release made before is uninstalled first
  await kube.mergePatch(hrRef(ns, 'after'), { spec: { releaseName: 'renamed' } });
  await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'after'));
      assert.equal(
        condition(o, 'Ready')?.message,
        `Helm install succeeded for release ${ns}/renamed.v1 with chart podinfo@6.14.1`,
      );
      assert.deepEqual(
        o.status.history.map((h: any) => h.name),
        ['renamed'],
      );
    },
    { timeoutMs: 60_000, what: 'renamed release installed' },
  );
  const after = JSON.parse(await helm(t, ['list', '-n', ns, '-o', 'json']));
  assert.deepEqual(after.map((r: any) => r.name).sort(), ['podinfo', 'renamed']);
  await assert.rejects(kube.get(deployRef(ns, 'after-podinfo')), /not found/i);
});

test('a release made by helm install is adopted and upgraded; keepHistory keeps it as uninstalled', {
  timeout: 180_000,
}, async (t) => {
  const kube = testWorkloadClient(t);
  const ns = await testNamespace(t, kube, 'hradopt');
  await helm(t, [
    'install',
    'podinfo',
    PODINFO,
    '-n',
    ns,
    '--set',
    'replicaCount=1',
    '--wait',
    '--timeout',
    '60s',
  ]);
  const repo = await startHelmRepository({ charts: [PODINFO] });
  t.after(() => repo.stop());
  await startTestSourceController(t, kube, ns, { kinds: ['HelmRepository', 'HelmChart'] });
  await startHelmController(t, kube, ns);
  await createHelmRepository(kube, ns, repo.url);
  await kube.create(
    hrRef(ns),
    podinfoRelease(ns, 'podinfo', { values: { replicaCount: 2 }, uninstall: { keepHistory: true } }),
  );
  const upgraded = await waitReady(kube, ns, 'podinfo', 'True', 'UpgradeSucceeded');
  assert.equal(
    condition(upgraded, 'Ready')?.message,
    `Helm upgrade succeeded for release ${ns}/podinfo.v2 with chart podinfo@6.14.1`,
  );
  await eventually(
    async () => assert.equal((await kube.get<Obj>(deployRef(ns, 'podinfo'))).status?.readyReplicas, 2),
    { timeoutMs: 60_000, what: 'podinfo scaled to 2' },
  );
  const history = JSON.parse(await helm(t, ['history', 'podinfo', '-n', ns, '-o', 'json']));
  assert.deepEqual(
    history.map((r: any) => [r.revision, r.status]),
    [
      [1, 'superseded'],
      [2, 'deployed'],
    ],
  );

  await kube.delete(hrRef(ns, 'podinfo'));
  await eventually(async () => assert.equal((await kube.list<Obj>(hrRef(ns))).items.length, 0), {
    timeoutMs: 60_000,
    what: 'HelmRelease gone',
  });
  // the history stays, the last revision marked uninstalled, as `helm uninstall --keep-history`
  const kept = JSON.parse(await helm(t, ['history', 'podinfo', '-n', ns, '-o', 'json']));
  assert.deepEqual(
    kept.map((r: any) => [r.revision, r.status]),
    [
      [1, 'superseded'],
      [2, 'uninstalled'],
    ],
  );
  await noDeploymentsLeft(kube, ns);
});

test('a release locked in pending-upgrade is unlocked (marked failed), then upgraded', {
  timeout: 180_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hrlock');
  await kube.create(hrRef(ns), podinfoRelease(ns, 'podinfo', { install: { disableWait: true } }));
  await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');
  // a writer that died mid-upgrade leaves revision 2 pending: Helm refuses any action on it
  const [v1] = (await kube.list<Obj>(secretsRef(ns), { labelSelector: 'owner=helm,name=podinfo' })).items;
  const record = await releaseFromSecret(v1 as never);
  const pending = { ...record, version: 2, info: { ...record.info, status: 'pending-upgrade' } };
  await kube.create(secretsRef(ns), await releaseToSecret(pending));
  await kube.mergePatch(hrRef(ns, 'podinfo'), { spec: { values: { replicaCount: 2 } } });
  const upgraded = await waitReady(kube, ns, 'podinfo', 'True', 'UpgradeSucceeded');
  assert.equal(
    condition(upgraded, 'Ready')?.message,
    `Helm upgrade succeeded for release ${ns}/podinfo.v3 with chart podinfo@6.14.1`,
  );
  const history = JSON.parse(await helm(t, ['history', 'podinfo', '-n', ns, '-o', 'json']));
  assert.deepEqual(
    history.map((r: any) => [r.revision, r.status, r.description]),
    [
      [1, 'superseded', 'Install complete'],
      [2, 'failed', "Release unlocked from stale 'pending-upgrade' state"],
      [3, 'deployed', 'Upgrade complete'],
    ],
  );
});

test('CRDs: created on install (Create), replaced on upgrade with CreateReplace, before the objects of their kind', {
  timeout: 180_000,
}, async (t) => {
  const kube = testWorkloadClient(t);
  const ns = await testNamespace(t, kube, 'hrcrd');
  // CRDs are cluster-wide: a group of this test's own
  const group = `${ns}.example.com`;
  const crdRef = {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    name: `widgets.${group}`,
  };
  t.after(() => kube.delete(crdRef).catch(() => undefined));
  const chart = mkdtempSync(join(tmpdir(), 'crd-chart-'));
  t.after(() => rmSync(chart, { recursive: true, force: true }));
  const crd = (column: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.${group}}
spec:
  group: ${group}
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns: [{name: ${column}, type: string, jsonPath: .spec.size}]
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: string}}}
`;
  const write = (name: string, text: string) => {
    mkdirSync(join(chart, name, '..'), { recursive: true });
    writeFileSync(join(chart, name), text);
  };
  write('Chart.yaml', 'apiVersion: v2\nname: widgets\nversion: 1.0.0\n');
  write('crds/widget.yaml', crd('Size'));
  write(
    'templates/widget.yaml',
    `apiVersion: ${group}/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: large}\n`,
  );
  const repo = await startHelmRepository({ charts: [chart] });
  t.after(() => repo.stop());
  await startTestSourceController(t, kube, ns, { kinds: ['HelmRepository', 'HelmChart'] });
  await startHelmController(t, kube, ns);
  await createHelmRepository(kube, ns, repo.url);
  await kube.create(hrRef(ns), {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'widgets', namespace: ns },
    spec: {
      interval: '10m',
      chart: {
        spec: { chart: 'widgets', version: '*', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
      },
      upgrade: { crds: 'CreateReplace' },
    },
  });
  await waitReady(kube, ns, 'widgets', 'True', 'InstallSucceeded');
  const columns = async () =>
    (await kube.get<Obj>(crdRef)).spec.versions[0].additionalPrinterColumns.map((c: any) => c.name);
  assert.deepEqual(await columns(), ['Size']);
  const widget = await kube.get<Obj>({
    group,
    version: 'v1',
    resource: 'widgets',
    namespace: ns,
    name: 'w1',
  });
  assert.equal(widget.spec.size, 'large');

  write('crds/widget.yaml', crd('Dimension'));
  await repo.addChart({ dir: chart, version: '1.1.0' });
  await kube.mergePatch(sourceRef('helmrepositories', ns, 'charts'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': String(Date.now()) } },
  });
  await waitReady(kube, ns, 'widgets', 'True', 'UpgradeSucceeded');
  assert.deepEqual(await columns(), ['Dimension']);
});

/** Every file of a directory, by path relative to it. */
function readTree(dir: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[`${prefix}/${relative(dir, p)}`] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

test("the brief's v2beta1 HelmRelease, unchanged, installs ./charts/game from git with 3 replicas", {
  timeout: 180_000,
}, async (t) => {
  const kube = testWorkloadClient(t);
  // the brief's manifest is served at v2beta1 through tsflux's conversion webhook, as in production
  const webhook = await startConversionWebhook({ host: '127.0.0.1', port: 0 });
  t.after(() => webhook.close());
  await ensureFluxCrds(kube);
  await applyCrdsWithConversion(
    kube,
    { url: `https://127.0.0.1:${webhook.port}` },
    { caBundle: webhook.caBundle, namespace: 'flux-system' },
  );
  const ns = await testNamespace(t, kube, 'game');
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  const files = readTree(PODINFO, 'charts/game');
  files['charts/game/Chart.yaml'] = (files['charts/game/Chart.yaml'] ?? '')
    .replace(/^name: .*$/m, 'name: game')
    .replace(/^version: .*$/m, 'version: 1.2.0');
  await git.createRepository('game', { files });
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository', 'HelmChart'] });
  await startHelmController(t, kube, ns);
  await kube.create(sourceRef('gitrepositories', ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'game-repo', namespace: ns },
    spec: { url: git.repoUrl('game'), ref: { branch: 'main' }, interval: '10m' },
  });
  const manifest = `apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata: {name: game-chart}
spec:
  chart: {spec: {chart: ./charts/game, sourceRef: {kind: GitRepository, name: game-repo}, version: ">=1.2.0"}}
  interval: 10m
  values: {replicaCount: 3}
`;
  const dir = mkdtempSync(join(tmpdir(), 'game-hr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'hr.yaml'), manifest);
  // asynchronous: the webhook answering the API server runs in this very process
  await run('kubectl', [
    '--kubeconfig',
    testWorkloadKubeconfig(),
    'apply',
    '-n',
    ns,
    '-f',
    join(dir, 'hr.yaml'),
  ]);
  const installed = await waitReady(kube, ns, 'game-chart', 'True', 'InstallSucceeded');
  assert.equal(
    condition(installed, 'Ready')?.message,
    `Helm install succeeded for release ${ns}/game-chart.v1 with chart game@1.2.0`,
  );
  await eventually(
    async () => {
      const d = await kube.get<Obj>(deployRef(ns, 'game-chart'));
      assert.equal(d.spec.replicas, 3);
      assert.equal(d.status?.readyReplicas, 3);
    },
    { timeoutMs: 60_000, what: 'game-chart Deployment 3/3' },
  );
});
