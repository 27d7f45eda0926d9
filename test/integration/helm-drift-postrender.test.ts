// The helm controller's rendering and cluster-state features on the workload cluster: podinfo
// post-rendered (a strategic merge patch, a JSON 6902 patch with a target, an image) and labelled
// by commonMetadata, both recorded as Flux's status digests and a change of them upgrading; drift
// detected and corrected (`enabled`), only reported (`warn`), an ignore rule and the per-object
// `driftDetection: disabled` annotation respected; a serviceAccountName impersonated: Forbidden
// without RBAC, installed once a RoleBinding grants it, and `--default-service-account` when it
// names none; a kubeConfig Secret used for the release.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { commonMetadataDigest, postRenderersDigest } from '../../src/engines/helm/index.ts';
import type { KubeClient } from '../../src/runtime/kube/index.ts';
import { eventually, testWorkloadClient, testWorkloadKubeconfig } from '../support/cluster.ts';
import {
  condition,
  deployRef,
  hrRef,
  type Obj,
  podinfoRelease,
  waitReady,
  withChartRepository,
} from '../support/helm-release-harness.ts';
import { eventsOf } from '../support/source-controller.ts';

const serviceRef = (ns: string, name: string) => ({
  version: 'v1',
  resource: 'services',
  namespace: ns,
  name,
});

// a change made by hand, as `kubectl edit` makes it (another field manager)
const edit = (kube: KubeClient, ref: Parameters<KubeClient['get']>[0], patch: unknown) =>
  kube.mergePatch(ref, patch, { fieldManager: 'kubectl-edit' });

// asks for a reconcile; returns its token
async function requestReconcile(kube: KubeClient, ns: string, name: string): Promise<string> {
  const token = String(Date.now());
  await kube.mergePatch(hrRef(ns, name), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } },
  });
  return token;
}

// waits until the reconcile asked for with `token` is over (its exit wrote the token)
const handled = (kube: KubeClient, ns: string, name: string, token: string) =>
  eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, name));
      assert.equal(o.status?.lastHandledReconcileAt, token);
      return o;
    },
    { timeoutMs: 60_000, what: `${name} reconciled for ${token}` },
  );

// asks podinfo to reconcile again, and waits until that installs it
async function installedOnRequest(kube: KubeClient, ns: string): Promise<void> {
  await requestReconcile(kube, ns, 'podinfo');
  await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');
  await kube.get(deployRef(ns, 'podinfo'));
}

// the events of a HelmRelease with a reason, once there are `count` of them
const eventsWith = (kube: KubeClient, ns: string, name: string, reason: string, count = 1) =>
  eventually(
    async () => {
      const found = (await eventsOf(kube, ns, name)).filter((e) => e.includes(` ${reason}: `));
      assert.ok(found.length >= count, `${reason} events: ${JSON.stringify(await eventsOf(kube, ns, name))}`);
      return found;
    },
    { timeoutMs: 60_000, what: `${count} ${reason} event(s) of ${name}` },
  );

const postRenderers = [
  {
    kustomize: {
      patches: [
        {
          patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: any\nspec:\n  replicas: 2\n',
          target: { kind: 'Deployment', name: 'podinfo' },
        },
        {
          patch: '- op: add\n  path: /metadata/annotations\n  value:\n    patched-by: json6902\n',
          target: { kind: 'Service', name: 'podinfo' },
        },
      ],
      images: [{ name: 'ghcr.io/stefanprodan/podinfo', newTag: '6.14.0' }],
    },
  },
];

test('post-renderers and commonMetadata shape every object; their digests are recorded and a change upgrades', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hr-postrender', { kube: testWorkloadClient(t) });
  const commonMetadata = { labels: { team: 'blue' }, annotations: { owner: 'ops' } };
  await kube.create(hrRef(ns), podinfoRelease(ns, 'podinfo', { postRenderers, commonMetadata }));

  const installed = await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');
  const spec = installed.spec;
  assert.equal(installed.status.observedPostRenderersDigest, postRenderersDigest(spec));
  assert.equal(installed.status.observedCommonMetadataDigest, commonMetadataDigest(spec));

  const deployment = await kube.get<Obj>(deployRef(ns, 'podinfo'));
  assert.equal(deployment.spec.replicas, 2);
  assert.equal(deployment.spec.template.spec.containers[0].image, 'ghcr.io/stefanprodan/podinfo:6.14.0');
  assert.equal(deployment.metadata?.labels?.team, 'blue');
  assert.equal(deployment.metadata?.annotations?.owner, 'ops');
  // commonMetadata is the objects' own metadata: the pod template and the selector keep theirs
  assert.equal(deployment.spec.template.metadata.labels.team, undefined);
  const service = await kube.get<Obj>(serviceRef(ns, 'podinfo'));
  assert.equal(service.metadata?.annotations?.['patched-by'], 'json6902');
  assert.equal(service.metadata?.labels?.team, 'blue');

  // new common metadata renders other objects from the same chart and values: an upgrade
  await kube.mergePatch(hrRef(ns, 'podinfo'), { spec: { commonMetadata: { labels: { team: 'green' } } } });
  const upgraded = await waitReady(kube, ns, 'podinfo', 'True', 'UpgradeSucceeded');
  assert.equal(upgraded.status.history[0].version, 2);
  assert.equal(upgraded.status.observedCommonMetadataDigest, commonMetadataDigest(upgraded.spec));
  const relabelled = await kube.get<Obj>(deployRef(ns, 'podinfo'));
  assert.equal(relabelled.metadata?.labels?.team, 'green');
  assert.equal(relabelled.metadata?.annotations?.owner, 'ops');

  // and so do new post-renderers
  await kube.mergePatch(hrRef(ns, 'podinfo'), { spec: { postRenderers: [] } });
  const unpatched = await waitReady(kube, ns, 'podinfo', 'True', 'UpgradeSucceeded');
  assert.equal(unpatched.status.history[0].version, 3);
  assert.equal(unpatched.status.observedPostRenderersDigest, postRenderersDigest(unpatched.spec));
  assert.equal((await kube.get<Obj>(deployRef(ns, 'podinfo'))).spec.replicas, 1);
});

test('drift: corrected when enabled, an ignore rule and the per-object annotation respected', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hr-drift', { kube: testWorkloadClient(t) });
  await kube.create(
    hrRef(ns),
    podinfoRelease(ns, 'podinfo', {
      driftDetection: {
        mode: 'enabled',
        ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }],
      },
      // the Service opts out of drift detection
      postRenderers: [
        {
          kustomize: {
            patches: [
              {
                patch:
                  '- op: add\n  path: /metadata/annotations\n  value:\n    helm.toolkit.fluxcd.io/driftDetection: disabled\n',
                target: { kind: 'Service' },
              },
            ],
          },
        },
      ],
    }),
  );
  await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');

  await edit(kube, deployRef(ns, 'podinfo'), {
    spec: { replicas: 3, strategy: { rollingUpdate: { maxUnavailable: 2 } } },
  });
  await edit(kube, serviceRef(ns, 'podinfo'), {
    metadata: { labels: { 'app.kubernetes.io/name': 'edited' } },
  });
  const token = await requestReconcile(kube, ns, 'podinfo');

  const [detected] = await eventsWith(kube, ns, 'podinfo', 'DriftDetected');
  assert.equal(
    detected,
    `Warning DriftDetected: Cluster state of release ${ns}/podinfo.v1 has drifted from the desired state:\nDeployment/${ns}/podinfo changed (0 additions, 1 changes, 0 removals)`,
  );
  const [corrected] = await eventsWith(kube, ns, 'podinfo', 'DriftCorrected');
  assert.equal(
    corrected,
    `Normal DriftCorrected: Cluster state of release ${ns}/podinfo.v1 has been corrected:\nDeployment/${ns}/podinfo configured`,
  );
  const hr = await handled(kube, ns, 'podinfo', token);
  assert.equal(condition(hr, 'Ready')?.status, 'True');
  // a correction is no new revision
  assert.equal(hr.status.history[0].version, 1);
  const deployment = await kube.get<Obj>(deployRef(ns, 'podinfo'));
  assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 1);
  // ignored: the hand-scaled replicas stay
  assert.equal(deployment.spec.replicas, 3);
  // opted out: the Service keeps its edit
  const service = await kube.get<Obj>(serviceRef(ns, 'podinfo'));
  assert.equal(service.metadata?.labels?.['app.kubernetes.io/name'], 'edited');
});

test('drift in warn mode is only reported: the object stays as edited', { timeout: 240_000 }, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hr-warn', { kube: testWorkloadClient(t) });
  await kube.create(hrRef(ns), podinfoRelease(ns, 'podinfo', { driftDetection: { mode: 'warn' } }));
  await waitReady(kube, ns, 'podinfo', 'True', 'InstallSucceeded');

  await edit(kube, deployRef(ns, 'podinfo'), {
    spec: { strategy: { rollingUpdate: { maxUnavailable: 2 } } },
  });
  const token = await requestReconcile(kube, ns, 'podinfo');
  const [detected] = await eventsWith(kube, ns, 'podinfo', 'DriftDetected');
  assert.match(
    detected ?? '',
    /^Warning DriftDetected: .*\nDeployment\/.*\/podinfo changed \(0 additions, 1 changes, 0 removals\)$/s,
  );
  // the reconcile that reported it is over: nothing corrected the edit
  const hr = await handled(kube, ns, 'podinfo', token);
  assert.equal(condition(hr, 'Ready')?.status, 'True');
  const deployment = await kube.get<Obj>(deployRef(ns, 'podinfo'));
  assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 2);
  assert.deepEqual(
    (await eventsOf(kube, ns, 'podinfo')).filter((e) => e.includes('DriftCorrected')),
    [],
  );
});

test('serviceAccountName: Forbidden without RBAC, installed as the service account once granted', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hr-sa', { kube: testWorkloadClient(t) });
  await kube.create(
    { version: 'v1', resource: 'serviceaccounts', namespace: ns },
    {
      metadata: { name: 'deployer', namespace: ns },
    },
  );
  await kube.create(hrRef(ns), podinfoRelease(ns, 'podinfo', { serviceAccountName: 'deployer' }));

  // the first thing the release does as the service account, reading its storage, is refused
  await eventually(
    async () => {
      const ready = condition(await kube.get<Obj>(hrRef(ns, 'podinfo')), 'Ready');
      assert.equal(ready?.status, 'False');
      assert.match(ready?.message ?? '', /forbidden/i);
      assert.match(ready?.message ?? '', new RegExp(`system:serviceaccount:${ns}:deployer`));
    },
    { timeoutMs: 90_000, what: 'podinfo refused as the service account' },
  );
  await assert.rejects(kube.get(deployRef(ns, 'podinfo')), /not ?found/i);

  const rbac = { group: 'rbac.authorization.k8s.io', version: 'v1', namespace: ns };
  await kube.create(
    { ...rbac, resource: 'roles' },
    {
      metadata: { name: 'deployer', namespace: ns },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    },
  );
  await kube.create(
    { ...rbac, resource: 'rolebindings' },
    {
      metadata: { name: 'deployer', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }],
    },
  );
  await installedOnRequest(kube, ns);
});

test('kubeConfig.secretRef: RESTClientError until the Secret holds a kubeconfig, then installed through it', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hr-kubeconfig', { kube: testWorkloadClient(t) });
  await kube.create(
    hrRef(ns),
    podinfoRelease(ns, 'podinfo', { kubeConfig: { secretRef: { name: 'remote', key: 'config' } } }),
  );
  const missing = await waitReady(kube, ns, 'podinfo', 'False', 'RESTClientError');
  assert.match(condition(missing, 'Ready')?.message ?? '', new RegExp(`KubeConfig secret '${ns}/remote'`));

  // the "remote" cluster is the workload cluster itself, reached through the Secret's kubeconfig
  const text = readFileSync(testWorkloadKubeconfig(), 'utf8');
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    { metadata: { name: 'remote' }, data: { config: Buffer.from(text).toString('base64') } },
  );
  await installedOnRequest(kube, ns);
});

test('--default-service-account: a HelmRelease that names no service account acts as the default one', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await withChartRepository(t, 'hr-default-sa', {
    kube: testWorkloadClient(t),
    defaultServiceAccount: 'flux-applier',
  });
  await kube.create(hrRef(ns), podinfoRelease(ns, 'podinfo'));
  await eventually(
    async () => {
      const ready = condition(await kube.get<Obj>(hrRef(ns, 'podinfo')), 'Ready');
      assert.equal(ready?.status, 'False');
      assert.match(ready?.message ?? '', new RegExp(`system:serviceaccount:${ns}:flux-applier`));
    },
    { timeoutMs: 90_000, what: 'podinfo refused as the default service account' },
  );
});
