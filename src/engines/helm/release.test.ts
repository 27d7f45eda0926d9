import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  decodeRelease,
  encodeRelease,
  type ReleaseRecord,
  releaseFromSecret,
  releaseSecretName,
  releaseToSecret,
} from './release.ts';

const record: ReleaseRecord = {
  name: 'podinfo',
  info: {
    first_deployed: '2026-01-02T03:04:05.123456789Z',
    last_deployed: '2026-01-02T03:04:05.123456789Z',
    description: 'Install complete',
    status: 'deployed',
    notes: 'hello',
  },
  chart: {
    metadata: { name: 'podinfo', version: '6.14.1', apiVersion: 'v1' },
    templates: [],
    values: { a: 1 },
  },
  manifest: '---\n# Source: podinfo/templates/service.yaml\nkind: Service\n',
  version: 3,
  namespace: 'apps',
};

test('a release survives encode and decode', async () => {
  assert.deepEqual(await decodeRelease(await encodeRelease(record)), record);
});

test('the storage secret has the name, type, labels and doubly base64-encoded data Helm uses', async () => {
  const s = await releaseToSecret(record, { modifiedAt: 1700000000 });
  assert.equal(s.metadata.name, 'sh.helm.release.v1.podinfo.v3');
  assert.equal(releaseSecretName('x', 1), 'sh.helm.release.v1.x.v1');
  assert.equal(s.type, 'helm.sh/release.v1');
  assert.deepEqual(s.metadata.labels, {
    name: 'podinfo',
    owner: 'helm',
    status: 'deployed',
    version: '3',
    modifiedAt: '1700000000',
  });
  const inner = Buffer.from(s.data.release, 'base64').toString();
  assert.match(inner, /^H4sI/); // base64 of the gzip magic number
  assert.deepEqual(await releaseFromSecret(s), record);
});

test('decoding accepts what Go writes: gzip from another encoder, or plain JSON', async () => {
  const json = JSON.stringify(record);
  assert.deepEqual(await decodeRelease(gzipSync(Buffer.from(json), { level: 1 }).toString('base64')), record);
  assert.deepEqual(await decodeRelease(Buffer.from(json).toString('base64')), record);
  await assert.rejects(() => releaseFromSecret({ type: 'Opaque', data: {} }), /not helm.sh\/release.v1/);
});
