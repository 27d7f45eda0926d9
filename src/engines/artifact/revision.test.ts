import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitRevision, ociRevision, parseRevision, sha256Digest } from './revision.ts';

const commit = '363a6a8fe6a7f13e05d34c163b0ef02a777da20a';

test('revisions are written in the formats of the Flux documentation', () => {
  assert.equal(gitRevision('main', commit), `main@sha1:${commit}`);
  assert.equal(gitRevision('v1.2.3', commit), `v1.2.3@sha1:${commit}`);
  assert.equal(gitRevision('refs/pull/420/head', commit), `refs/pull/420/head@sha1:${commit}`);
  assert.equal(gitRevision(undefined, commit), `sha1:${commit}`);
  const digest = 'sha256:9f3bc0f341d4ecf2bab460cc59320a2a9ea292f01d7b96e32740a9abfd341088';
  assert.equal(ociRevision('6.1.6', digest), `6.1.6@${digest}`);
  assert.equal(ociRevision(undefined, digest), digest);
});

test('revisions parse back into ref and digest', () => {
  assert.deepEqual(parseRevision(`main@sha1:${commit}`), { ref: 'main', algorithm: 'sha1', hex: commit });
  assert.deepEqual(parseRevision(`sha1:${commit}`), { ref: undefined, algorithm: 'sha1', hex: commit });
  assert.equal(parseRevision('main/abc'), undefined);
});

test('sha256Digest matches the known digest of the empty string', () => {
  assert.equal(sha256Digest(''), 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});
