import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BucketSpec } from '../../../api/source/v1/index.ts';
import { validateBucketSpec } from './spec-checks.ts';

const spec = (over: Partial<BucketSpec>): BucketSpec =>
  ({ interval: '1m', bucketName: 'podinfo', endpoint: 'minio.minio:9000', ...over }) as BucketSpec;

test('host[:port] endpoints and S3 bucket names pass', () => {
  for (const endpoint of ['minio.minio:9000', 's3.amazonaws.com', '127.0.0.1:9000', '[::1]:9000'])
    assert.equal(validateBucketSpec(spec({ endpoint })), undefined, endpoint);
  for (const bucketName of ['abc', 'my.bucket-1', 'Legacy_Bucket'])
    assert.equal(validateBucketSpec(spec({ bucketName })), undefined, bucketName);
});

test('an endpoint with a scheme, a path or a bad port stalls as URLInvalid', () => {
  for (const endpoint of ['http://minio:9000', 'minio:9000/path', 'minio:99999', '', 'user@minio'])
    assert.equal(validateBucketSpec(spec({ endpoint }))?.reason, 'URLInvalid', endpoint);
  assert.equal(
    validateBucketSpec(spec({ endpoint: 'https://s3.example' }))?.message,
    "invalid endpoint 'https://s3.example': it must be host[:port], without a scheme or a path",
  );
});

test('bucket names S3 can never serve are refused with the rule they break', () => {
  assert.equal(
    validateBucketSpec(spec({ bucketName: 'ab' }))?.message,
    "invalid bucket name 'ab': bucket name cannot be shorter than 3 characters",
  );
  assert.match(validateBucketSpec(spec({ bucketName: 'a..b' }))?.message ?? '', /invalid characters/);
  assert.match(validateBucketSpec(spec({ bucketName: '10.0.0.1' }))?.message ?? '', /ip address/);
  assert.match(validateBucketSpec(spec({ bucketName: 'x'.repeat(64) }))?.message ?? '', /longer than 63/);
});

test('gcp and azure endpoints are not S3 endpoints and are not checked here', () => {
  assert.equal(
    validateBucketSpec(spec({ provider: 'azure', endpoint: 'https://acct.blob.core.windows.net' })),
    undefined,
  );
});
