import assert from 'node:assert/strict';
import { test } from 'node:test';
import { revisionMetadata, setBuildMetadata, versionMetadata } from './version-metadata.ts';

test('build metadata is set on the canonical version', () => {
  assert.equal(setBuildMetadata('6.0.0', '4e5cbb7b97d0'), '6.0.0+4e5cbb7b97d0');
  assert.equal(setBuildMetadata('v1.2', '3'), '1.2.0+3');
  assert.equal(setBuildMetadata('1.0.0-rc.1+old', 'new'), '1.0.0-rc.1+new');
  assert.equal(setBuildMetadata('01.2.3', 'b'), '1.2.3+b', 'the canonical form, as Flux records it');
  assert.throws(
    () => setBuildMetadata('one', '1'),
    /^Error: failed to parse version from chart metadata as SemVer: invalid semantic version$/,
  );
  assert.throws(
    () => setBuildMetadata('1.0.0', 'a..b'),
    /^Error: failed to set SemVer metadata on chart version: invalid metadata string$/,
  );
});

test('revisions shorten to 12 hex characters', () => {
  const sha = '4e5cbb7b97d00a8039b8810b90b922f4256fd3bd';
  assert.equal(revisionMetadata('GitRepository', `main@sha1:${sha}`), '4e5cbb7b97d0');
  assert.equal(revisionMetadata('GitRepository', `sha1:${sha}`), '4e5cbb7b97d0');
  assert.equal(revisionMetadata('Bucket', `sha256:${'ab'.repeat(32)}`), 'abababababab');
  assert.equal(versionMetadata('4e5cbb7b97d0', ['a.yaml'], 3), '4e5cbb7b97d0.3');
  assert.equal(versionMetadata(undefined, ['a.yaml'], 3), '3');
  assert.equal(versionMetadata(undefined, [], 3), '');
});
