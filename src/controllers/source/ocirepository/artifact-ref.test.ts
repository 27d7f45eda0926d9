import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRepositoryUrl, referenceString, selectArtifactRef } from './artifact-ref.ts';

test('spec.url must be an oci:// repository without a tag', () => {
  assert.deepEqual(parseRepositoryUrl('oci://127.0.0.1:5000/org/app'), {
    host: '127.0.0.1:5000',
    repository: 'org/app',
  });
  assert.throws(
    () => parseRepositoryUrl('https://r.example/app'),
    /^Error: URL must be in format 'oci:\/\/<domain>\/<org>\/<repo>'$/,
  );
  assert.throws(
    () => parseRepositoryUrl('oci://r.example/app:v1'),
    /URL must not contain a tag; remove ':v1'/,
  );
  assert.throws(() => parseRepositoryUrl('oci://r.example/App'), /invalid repository name/);
});

test('ref precedence is digest, then semver, then tag, default latest', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(selectArtifactRef({ digest, semver: '1.x', tag: 'v1' }), { type: 'digest', digest });
  assert.deepEqual(selectArtifactRef({ semver: '1.x', semverFilter: '', tag: 'v1' }), {
    type: 'semver',
    semver: '1.x',
    filter: undefined,
  });
  assert.deepEqual(selectArtifactRef({ tag: 'v1' }), { type: 'tag', tag: 'v1' });
  assert.deepEqual(selectArtifactRef(undefined), { type: 'tag', tag: 'latest' });
  const repo = { host: 'r.example', repository: 'app' };
  assert.equal(referenceString(repo, { tag: 'v1' }), 'r.example/app:v1');
  assert.equal(referenceString(repo, { digest }), `r.example/app@${digest}`);
});
