import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StallingError } from '../../runtime/reconcile/index.ts';
import { parseImageName } from './image-name.ts';

test('image names resolve to a registry and repository as Docker references do', () => {
  assert.deepEqual(parseImageName('nginx'), {
    host: 'index.docker.io',
    repository: 'library/nginx',
    canonical: 'index.docker.io/library/nginx',
  });
  assert.equal(parseImageName('docker.io/fluxcd/flux').canonical, 'index.docker.io/fluxcd/flux');
  assert.equal(parseImageName('ghcr.io/org/app').canonical, 'ghcr.io/org/app');
  assert.equal(parseImageName('localhost:5000/app').host, 'localhost:5000');
  assert.equal(parseImageName('127.0.0.1:5000/a/b').repository, 'a/b');
});

test('a scheme, a tag, a digest or a bad name stalls with ImageURLInvalid', () => {
  for (const bad of ['https://ghcr.io/org/app', 'ghcr.io/org/app:v1', 'app@sha256:abc', 'ghcr.io/Org/App']) {
    assert.throws(
      () => parseImageName(bad),
      (e: unknown) => e instanceof StallingError && e.reason === 'ImageURLInvalid',
      bad,
    );
  }
});

test("a scheme or a tag is refused in Flux's words", () => {
  assert.throws(() => parseImageName('https://ghcr.io/org/app'), {
    message: ".spec.image value should not start with URL scheme; remove 'https://'",
  });
  assert.throws(() => parseImageName('ghcr.io/org/app:v1'), {
    message: ".spec.image value should not contain a tag; remove ':v1'",
  });
});
