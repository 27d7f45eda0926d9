// The OCI registry of an OCIRepository (the real CNCF distribution registry, behind the faulty
// front) answering 503, dropping connections, hanging, answering late and cutting its answers
// short, while a Kustomization applies the OCIRepository's artifact: the drill of
// `support/source-drill.ts`.
import { test } from 'node:test';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import { pushArtifact, RegistryClient } from '../../src/runtime/oci/index.ts';
import { startOciRegistry } from '../servers/index.ts';
import { testClient, testNamespace } from '../support/cluster.ts';
import { configMap, ksRef, kustomization, startController } from '../support/kustomize-harness.ts';
import { startTestSourceController } from '../support/source-controller.ts';
import { startFaultyFront } from './support/faulty-front.ts';
import { drillSourceFaults } from './support/source-drill.ts';

const tgz = (files: Record<string, string>) =>
  createTarGz(Object.entries(files).map(([path, text]) => ({ path, data: Buffer.from(text) })));

test('OCI registry 503 / dropping / hanging / slow / truncating: Ready False, backoff, last artifact served, no prune, recovery', {
  timeout: 240_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'fault-oci');
  const registry = await startOciRegistry();
  t.after(() => registry.stop());
  const client = new RegistryClient(registry.host, { insecure: true });
  t.after(() => client.close());
  const front = await startFaultyFront(t, registry.url);
  front.delayMs = 8000;
  // a layer cut short, not the registry check
  front.truncates = /\/blobs\//;
  await startTestSourceController(t, kube, ns, { kinds: ['OCIRepository'] });
  await startController(t, kube, ns);
  await pushArtifact(
    client,
    'team/app',
    'latest',
    await tgz({ 'a.yaml': configMap('a'), 'b.yaml': configMap('b') }),
  );
  const ref = {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'ocirepositories',
    namespace: ns,
    name: 'app',
  };
  await kube.create(ref, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { name: 'app', namespace: ns },
    spec: {
      url: `oci://${new URL(front.url).host}/team/app`,
      ref: { tag: 'latest' },
      insecure: true,
      interval: '1h',
      timeout: '3s',
    },
  });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { sourceRef: { kind: 'OCIRepository', name: 'app' }, targetNamespace: ns }),
  );
  await drillSourceFaults(t, {
    kube,
    ns,
    front,
    ref,
    reason: 'OCIArtifactPullFailed',
    // each attempt starts with the registry check, GET /v2/
    attempt: (path) => path === '/v2/',
    dependent: 'apps',
    publishNext: async () => {
      await pushArtifact(client, 'team/app', 'latest', await tgz({ 'a.yaml': configMap('a') }));
    },
    unavailable: /503/,
    failures: [
      // neither HTTPS nor plain HTTP gets an answer: both failures are given
      ['drop', /GET https:\/\/[^ ]+\/v2\/: .*; GET http:\/\/[^ ]+\/v2\/: socket hang up$/],
      ['hang', /GET http:\/\/[^ ]+\/v2\/: The operation was aborted$/],
      ['slow', /GET http:\/\/[^ ]+\/v2\/: The operation was aborted$/],
      [
        'truncate',
        /^failed to extract layer contents from artifact: GET http:\/\/[^ ]+\/blobs\/sha256:[0-9a-f]{64}: unexpected EOF$/,
        'OCIArtifactLayerOperationFailed',
      ],
    ],
  });
});
