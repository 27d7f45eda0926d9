// The kube client's extensions against a real API server: discovery and REST mapping, dry-run,
// status subresource, delete propagation, client-side rate limiting and request counting.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  DryRunAll,
  isNotFound,
  KubeClient,
  type KubeObject,
  loadKubeconfig,
  NoKindMatchError,
  RestMapper,
} from '../../src/runtime/kube/index.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';

test('the REST mapper maps kinds to resources and scope, and fails like Kubernetes for unknown kinds', async (t) => {
  const kube = testClient(t);
  const mapper = new RestMapper(kube);
  const { verbs, ...configMaps } = await mapper.mapping('v1', 'ConfigMap');
  assert.deepEqual(configMaps, {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    resource: 'configmaps',
    namespaced: true,
  });
  assert.deepEqual([...verbs].sort(), [
    'create',
    'delete',
    'deletecollection',
    'get',
    'list',
    'patch',
    'update',
    'watch',
  ]);
  const reviews = await mapper.mapping('authorization.k8s.io/v1', 'SubjectAccessReview');
  assert.deepEqual(reviews.verbs, ['create'], 'a create-only resource, never cached');
  assert.equal((await mapper.mapping('v1', 'Namespace')).namespaced, false);
  assert.equal((await mapper.mapping('apps/v1', 'Deployment')).resource, 'deployments');
  assert.deepEqual(
    await mapper.refFor({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'x', namespace: 'ignored' },
    }),
    {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterroles',
      namespace: undefined,
      name: 'x',
    },
  );
  assert.equal(
    (await mapper.refFor({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, 'apps')).namespace,
    'apps',
  );
  await assert.rejects(mapper.mapping('v1', 'Widget'), new NoKindMatchError('Widget', 'v1'));
  await assert.rejects(mapper.mapping('nope.example.com/v1', 'Thing'), {
    message: 'no matches for kind "Thing" in version "nope.example.com/v1"',
  });
  assert.ok((await mapper.preferredVersions()).includes('apps/v1'));

  // a CRD created after the first lookup maps without a restart
  const group = `m${randomBytes(3).toString('hex')}.tsflux.test`;
  await assert.rejects(mapper.mapping(`${group}/v1`, 'Gadget'), NoKindMatchError);
  const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
  await kube.create(crds, {
    metadata: { name: `gadgets.${group}` },
    spec: {
      group,
      scope: 'Cluster',
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  t.after(() => kube.delete({ ...crds, name: `gadgets.${group}` }).catch(() => {}));
  const m = await eventually(() => mapper.mapping(`${group}/v1`, 'Gadget'), { what: 'the new kind maps' });
  const { verbs: gadgetVerbs, ...gadgets } = m;
  assert.deepEqual(gadgets, { group, version: 'v1', kind: 'Gadget', resource: 'gadgets', namespaced: false });
  assert.ok(gadgetVerbs.includes('list') && gadgetVerbs.includes('watch'), gadgetVerbs.join());
});

test('the REST mapper with settle waits a moment for a kind whose CRD is being created', async (t) => {
  const kube = testClient(t);
  const mapper = new RestMapper(kube);
  const group = `s${randomBytes(3).toString('hex')}.tsflux.test`;
  const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
  t.after(() => kube.delete({ ...crds, name: `sprockets.${group}` }).catch(() => {}));
  // asked before the CRD exists: without settle this is a miss at once
  const asked = mapper.mapping(`${group}/v1`, 'Sprocket', { settle: true });
  await kube.create(crds, {
    metadata: { name: `sprockets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket', listKind: 'SprocketList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  const m = await asked;
  assert.equal(m.resource, 'sprockets');
  assert.equal(m.namespaced, true);
  // a kind nobody serves still fails, after the settling
  await assert.rejects(mapper.mapping(`${group}/v1`, 'Nothing', { settle: true }), NoKindMatchError);
});

test('dry-run, status subresource and delete propagation', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'kube');
  const cms = { version: 'v1', resource: 'configmaps', namespace: ns };
  const dry = await kube.create<KubeObject>(cms, { metadata: { name: 'dry' } }, { dryRun: DryRunAll });
  assert.equal(dry.metadata?.name, 'dry');
  await assert.rejects(
    kube.get({ ...cms, name: 'dry' }),
    (e) => isNotFound(e),
    'a dry-run create persists nothing',
  );

  const deployments = { group: 'apps', version: 'v1', resource: 'deployments', namespace: ns };
  await kube.create(deployments, {
    metadata: { name: 'web' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    },
  });
  const patched = await kube.patchStatus<KubeObject & { status: { observedGeneration?: number } }>(
    { ...deployments, name: 'web' },
    { status: { observedGeneration: 7 } },
  );
  assert.equal(patched.status.observedGeneration, 7);
  const viaStatus = await kube.getStatus<KubeObject & { status: { observedGeneration?: number } }>({
    ...deployments,
    name: 'web',
  });
  assert.equal(viaStatus.status.observedGeneration, 7);
  // a spec change sent through the status subresource is ignored by the server
  await kube.patchStatus({ ...deployments, name: 'web' }, { spec: { replicas: 5 } });
  assert.equal(
    (await kube.get<{ spec: { replicas: number } }>({ ...deployments, name: 'web' })).spec.replicas,
    1,
  );

  const deleted = await kube.delete<KubeObject>(
    { ...deployments, name: 'web' },
    { propagationPolicy: 'Foreground' },
  );
  assert.ok(
    deleted.metadata?.finalizers?.includes('foregroundDeletion'),
    'foreground deletion leaves the foregroundDeletion finalizer until dependants are gone',
  );
});

test('client-side rate limiting paces requests and every request is counted', async (t) => {
  const kube = new KubeClient(loadKubeconfig(testKubeconfig()), { qps: 5, burst: 2 });
  t.after(() => kube.close());
  const started = performance.now();
  await Promise.all(Array.from({ length: 5 }, () => kube.request({ path: '/version' })));
  const took = performance.now() - started;
  // 2 at once, then 3 more at 5 per second: at least ~600 ms
  assert.ok(took >= 550, `5 requests at qps 5 burst 2 took ${Math.round(took)} ms`);
  assert.deepEqual(kube.stats.snapshot(), { total: 5, get: 5 });
  const unlimited = testClient(t);
  assert.equal(unlimited.rateLimiter.qps, 50);
  assert.equal(unlimited.rateLimiter.burst, 300);
});
