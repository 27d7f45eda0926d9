// The server of an HTTP HelmRepository (a static chart repository packaged by the real helm,
// behind the faulty front) answering 503, dropping connections, hanging, answering late and
// cutting its index short: the drill of `support/source-drill.ts` (no Kustomization consumes a
// Helm index, so the drill checks the repository and its stored index alone).
import { join } from 'node:path';
import { test } from 'node:test';
import { startHelmRepository } from '../servers/index.ts';
import { testClient, testNamespace } from '../support/cluster.ts';
import { startTestSourceController } from '../support/source-controller.ts';
import { startFaultyFront } from './support/faulty-front.ts';
import { drillSourceFaults } from './support/source-drill.ts';

const PODINFO = join(import.meta.dirname, '../../../shared/fixtures/charts/podinfo');

test('Helm repository 503 / dropping / hanging / slow / truncating: Ready False, backoff, last index served, recovery', {
  timeout: 240_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'fault-helmrepo');
  const server = await startHelmRepository({ charts: [PODINFO] });
  t.after(() => server.stop());
  const front = await startFaultyFront(t, server.url);
  front.delayMs = 8000;
  await startTestSourceController(t, kube, ns, { kinds: ['HelmRepository'] });
  const ref = {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'helmrepositories',
    namespace: ns,
    name: 'charts',
  };
  await kube.create(ref, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: 'charts', namespace: ns },
    spec: { url: front.url, interval: '1h', timeout: '3s' },
  });
  await drillSourceFaults(t, {
    kube,
    ns,
    front,
    ref,
    // Flux's reason for an index it cannot fetch
    reason: 'Failed',
    attempt: (path) => path === '/index.yaml',
    publishNext: async () => {
      await server.addChart({ dir: PODINFO, version: '7.0.0' });
    },
    unavailable:
      /^failed to fetch Helm repository index: failed to cache index to temporary file: failed to fetch http:\/\/[^ ]+\/index\.yaml : 503 Service Unavailable$/,
    failures: [
      ['drop', /: Get "http:\/\/[^ ]+\/index\.yaml": socket hang up$/],
      ['hang', /: Get "http:\/\/[^ ]+\/index\.yaml": context deadline exceeded$/],
      ['slow', /: Get "http:\/\/[^ ]+\/index\.yaml": context deadline exceeded$/],
      [
        'truncate',
        /^failed to fetch Helm repository index: failed to cache index to temporary file: unexpected EOF$/,
      ],
    ],
  });
});
