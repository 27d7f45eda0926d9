import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { getObject, listObjects, s3Request } from './s3-client.ts';
import { startS3Server } from './s3-server.ts';

describe('S3 server (MinIO)', () => {
  test('stores objects uploaded with SigV4 and refuses bad signatures', async (t) => {
    const s3 = await startS3Server({ accessKey: 'fluxaccess', secretKey: 'fluxsecret123' });
    t.after(() => s3.stop());
    assert.equal(s3.endpoint, `127.0.0.1:${s3.port}`);
    await s3.createBucket('podinfo');
    const etag = await s3.putObject('podinfo', 'deploy/app.yaml', 'kind: ConfigMap\n', 'application/x-yaml');
    // MinIO's ETag of a single-part upload is the MD5 of the content
    assert.equal(etag, createHash('md5').update('kind: ConfigMap\n').digest('hex'));
    await s3.putObjects('podinfo', { 'a b/c+d.txt': 'spaces and plus', 'x.txt': 'x' });
    assert.deepEqual((await listObjects(s3, 'podinfo')).sort(), ['a b/c+d.txt', 'deploy/app.yaml', 'x.txt']);
    assert.deepEqual(await listObjects(s3, 'podinfo', 'deploy/'), ['deploy/app.yaml']);
    assert.equal((await getObject(s3, 'podinfo', 'a b/c+d.txt')).toString(), 'spaces and plus');
    await s3.deleteObject('podinfo', 'x.txt');
    assert.deepEqual((await listObjects(s3, 'podinfo')).sort(), ['a b/c+d.txt', 'deploy/app.yaml']);

    const forged = await s3Request(
      { ...s3, secretKey: 'not-the-secret' },
      { method: 'GET', bucket: 'podinfo' },
    );
    assert.equal(forged.status, 403);
    assert.match(forged.body.toString(), /SignatureDoesNotMatch/);
    const anonymous = await s3Request({ ...s3, accessKey: 'nobody' }, { method: 'GET', bucket: 'podinfo' });
    assert.match(anonymous.body.toString(), /InvalidAccessKeyId/);
  });

  test('serves HTTPS with generated certificates', async (t) => {
    const s3 = await startS3Server({ tls: true });
    t.after(() => s3.stop());
    assert.match(s3.url, /^https:/);
    await s3.createBucket('secure');
    await s3.putObject('secure', 'k', 'v');
    assert.equal((await getObject(s3, 'secure', 'k')).toString(), 'v');
    await assert.rejects(
      s3Request({ ...s3, ca: undefined }, { method: 'GET', bucket: 'secure' }),
      /certificate/i,
    );
  });
});
