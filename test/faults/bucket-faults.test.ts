// The S3 server of a Bucket (MinIO, behind the faulty front, which keeps the Host header the
// request was signed with) answering 503, dropping connections, hanging, answering late and
// cutting objects short, while a Kustomization applies the Bucket's artifact: the drill of
// `support/source-drill.ts`.
import { test } from 'node:test';
import { startS3Server } from '../servers/index.ts';
import { testClient, testNamespace } from '../support/cluster.ts';
import { configMap, ksRef, kustomization, startController } from '../support/kustomize-harness.ts';
import { createSecret, startTestSourceController } from '../support/source-controller.ts';
import { startFaultyFront } from './support/faulty-front.ts';
import { drillSourceFaults } from './support/source-drill.ts';

test('S3 server 503 / dropping / hanging / slow / truncating: Ready False, backoff, last artifact served, no prune, recovery', {
  timeout: 240_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'fault-bucket');
  const s3 = await startS3Server();
  t.after(() => s3.stop());
  const front = await startFaultyFront(t, `http://${s3.endpoint}`, { keepHost: true });
  front.delayMs = 8000;
  // an object cut short, not the listing
  front.truncates = /^\/app\/[^?]+\.yaml$/;
  await startTestSourceController(t, kube, ns, { kinds: ['Bucket'] });
  await startController(t, kube, ns);
  await s3.createBucket('app');
  await s3.putObjects('app', { 'a.yaml': configMap('a'), 'b.yaml': configMap('b') });
  await createSecret(kube, ns, 'minio', { accesskey: s3.accessKey, secretkey: s3.secretKey });
  const ref = {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'buckets',
    namespace: ns,
    name: 'app',
  };
  await kube.create(ref, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'Bucket',
    metadata: { name: 'app', namespace: ns },
    spec: {
      provider: 'generic',
      bucketName: 'app',
      endpoint: new URL(front.url).host,
      insecure: true,
      secretRef: { name: 'minio' },
      interval: '1h',
      timeout: '3s',
    },
  });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { sourceRef: { kind: 'Bucket', name: 'app' }, targetNamespace: ns }),
  );
  await drillSourceFaults(t, {
    kube,
    ns,
    front,
    ref,
    reason: 'BucketOperationFailed',
    // each attempt starts with the region lookup, GET /app?location
    attempt: (path) => path === '/app?location',
    dependent: 'apps',
    publishNext: () => s3.deleteObject('app', 'b.yaml'),
    unavailable: /^failed to confirm existence of 'app' bucket: 503 Service Unavailable$/,
    failures: [
      ['drop', /^failed to confirm existence of 'app' bucket: read tcp [^ ]+: connection reset by peer$/],
      ['hang', /^failed to confirm existence of 'app' bucket: context deadline exceeded$/],
      ['slow', /^failed to confirm existence of 'app' bucket: context deadline exceeded$/],
      [
        'truncate',
        /^fetch from bucket 'app' failed: failed to get 'a\.yaml' object: read tcp [^ ]+: connection reset by peer$/,
      ],
    ],
  });
});
