// The conversion contract end to end: a real kube-apiserver calls `convert()` (served here over
// HTTPS by a minimal test server) for the product brief's older manifests, and objects written in
// an old version read back in the storage version with their meaning kept, and back again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type TestContext, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  type ConversionReview,
  type CustomResourceDefinition,
  convert,
  generateAllCRDs,
} from '../../src/api/index.ts';
import { createCertificateAuthority, issueCertificate } from '../../src/engines/x509/index.ts';
import { KubeApiError, type KubeClient } from '../../src/runtime/kube/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';

const skip = process.env.TSFLUX_TEST_KUBECONFIG
  ? false
  : 'needs a control plane: run through `npm test`, which starts one and sets TSFLUX_TEST_KUBECONFIG';
const crdRef = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

/** Rewrites every `apiVersion` group prefix in a JSON document. */
function swapGroup(value: unknown, from: string, to: string): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll(`"${from}/`, `"${to}/`));
}

/** Serves `convert()` over HTTPS; the test group is mapped to Flux's so the real converters run. */
async function startWebhook(t: TestContext, groups: Map<string, string>) {
  const ca = createCertificateAuthority('conversion-test-ca');
  const serving = issueCertificate(ca, {
    commonName: '127.0.0.1',
    usage: 'server',
    ipAddresses: ['127.0.0.1'],
  });
  const server = createServer({ cert: serving.cert, key: serving.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let review = JSON.parse(Buffer.concat(chunks).toString()) as ConversionReview;
      for (const [test, real] of groups) review = swapGroup(review, test, real) as ConversionReview;
      let answer: unknown = convert(review);
      for (const [test, real] of groups) answer = swapGroup(answer, real, test);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  t.after(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/convert`, caBundle: ca.cert };
}

async function installCRD(t: TestContext, client: KubeClient, crd: CustomResourceDefinition) {
  await client.create(crdRef, crd);
  t.after(() => client.delete({ ...crdRef, name: crd.metadata.name }).catch(() => {}));
  await eventually(
    async () => {
      const got = await client.get<{ status?: { conditions?: Array<{ type: string; status: string }> } }>({
        ...crdRef,
        name: crd.metadata.name,
      });
      assert.ok(got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'));
    },
    { timeoutMs: 10_000, intervalMs: 100, what: `${crd.metadata.name} established` },
  );
}

const manifests = parseAllDocuments(`
apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata: {name: game-app}
spec: {interval: 5m0s, sourceRef: {kind: GitRepository, name: game-repo}, path: "./overlays/production", prune: true, validation: client}
---
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata: {name: game-chart}
spec:
  chart: {spec: {chart: ./charts/game, sourceRef: {kind: GitRepository, name: game-repo}, version: ">=1.2.0"}}
  interval: 10m
  values: {replicaCount: 3}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta1
kind: Alert
metadata: {name: slack-alert}
spec: {eventSources: [{kind: GitRepository, name: game-repo}], eventSeverity: info, receiverRefs: [{name: team-slack}]}
`).map(
  (d) =>
    d.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, any> },
);

test('the API server converts the brief’s old manifests through convert()', { skip }, async (t) => {
  const client = testClient(t);
  const namespace = await testNamespace(t, client, 'api-conv');
  const suffix = randomBytes(3).toString('hex');
  const groups = new Map<string, string>();
  const testGroupOf = (group: string) => `conv-${suffix}.${group.split('.')[0]}.tsflux.test`;
  for (const group of [
    'kustomize.toolkit.fluxcd.io',
    'helm.toolkit.fluxcd.io',
    'notification.toolkit.fluxcd.io',
  ]) {
    groups.set(testGroupOf(group), group);
  }
  const webhook = await startWebhook(t, groups);
  const crds = generateAllCRDs({ conversion: { url: webhook.url, caBundle: webhook.caBundle } });
  for (const kind of ['Kustomization', 'HelmRelease', 'Alert']) {
    const crd = structuredClone(crds.find((c) => c.spec.names.kind === kind)!);
    crd.spec.group = testGroupOf(crd.spec.group);
    crd.metadata = { name: `${crd.spec.names.plural}.${crd.spec.group}` };
    await installCRD(t, client, crd);
  }
  const refOf = (apiVersion: string, plural: string, name?: string) => {
    const [group, version] = apiVersion.split('/');
    return { group: testGroupOf(group), version, resource: plural, namespace, name };
  };
  const create = (m: (typeof manifests)[number], plural: string) => {
    const [group, version] = m.apiVersion.split('/');
    const body = {
      ...m,
      apiVersion: `${testGroupOf(group)}/${version}`,
      metadata: { ...m.metadata, namespace },
    };
    return client.create(refOf(m.apiVersion, plural), body);
  };
  const [kustomization, helmRelease, alert] = manifests;

  await create(kustomization, 'kustomizations');
  const ksV1 = await client.get<{ spec: Record<string, unknown> }>(
    refOf('kustomize.toolkit.fluxcd.io/v1', 'kustomizations', 'game-app'),
  );
  assert.deepEqual(ksV1.spec, {
    interval: '5m0s',
    sourceRef: { kind: 'GitRepository', name: 'game-repo' },
    path: './overlays/production',
    prune: true,
    force: false,
  });
  const ksOld = await client.get<{ spec: Record<string, unknown> }>(
    refOf('kustomize.toolkit.fluxcd.io/v1beta2', 'kustomizations', 'game-app'),
  );
  assert.equal(ksOld.spec.validation, 'client', 'the old version reads back as written');

  await create(helmRelease, 'helmreleases');
  const hrV2 = await client.get<{ spec: Record<string, any> }>(
    refOf('helm.toolkit.fluxcd.io/v2', 'helmreleases', 'game-chart'),
  );
  assert.equal(hrV2.spec.chart.spec.chart, './charts/game');
  assert.equal(hrV2.spec.chart.spec.version, '>=1.2.0');
  assert.deepEqual(hrV2.spec.values, { replicaCount: 3 });
  assert.equal(hrV2.spec.interval, '10m');

  await create(alert, 'alerts');
  const alertV3 = await client.get<{ spec: Record<string, unknown> }>(
    refOf('notification.toolkit.fluxcd.io/v1beta3', 'alerts', 'slack-alert'),
  );
  assert.deepEqual(alertV3.spec.providerRef, { name: 'team-slack' });
  assert.equal(alertV3.spec.receiverRefs, undefined);

  const twoReceivers = structuredClone(alert);
  twoReceivers.metadata.name = 'two-receivers';
  twoReceivers.spec.receiverRefs = [{ name: 'team-slack' }, { name: 'team-mail' }];
  await assert.rejects(create(twoReceivers, 'alerts'), (e: unknown) => {
    assert.ok(e instanceof KubeApiError);
    assert.match(e.message, /an Alert routes to one Provider/);
    return true;
  });
});
