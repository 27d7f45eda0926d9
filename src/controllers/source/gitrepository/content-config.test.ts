import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentConfigChanged, requiresVerification, verificationMode } from './content-config.ts';
import type { GitRepositoryObject } from './types.ts';

const artifact = (revision: string, digest: string) => ({
  revision,
  digest,
  path: 'p',
  url: 'u',
  lastUpdateTime: '2026-01-01T00:00:00Z',
});

function repo(spec: Partial<GitRepositoryObject['spec']>, status: GitRepositoryObject['status'] = {}) {
  return {
    metadata: { name: 'r', namespace: 'n' },
    spec: { interval: '1m', url: 'https://example.com/r.git', ...spec },
    status,
  } as GitRepositoryObject;
}

test('nothing observed differs: unchanged', () => {
  assert.equal(contentConfigChanged(repo({}), []), false);
  assert.equal(
    contentConfigChanged(
      repo(
        { ignore: 'x', recurseSubmodules: true },
        { observedIgnore: 'x', observedRecurseSubmodules: true },
      ),
      [],
    ),
    false,
  );
});

test('ignore, submodules and sparse checkout changes are content changes', () => {
  assert.equal(contentConfigChanged(repo({ ignore: 'x' }), []), true);
  assert.equal(contentConfigChanged(repo({}, { observedIgnore: 'x' }), []), true);
  assert.equal(contentConfigChanged(repo({ recurseSubmodules: true }), []), true);
  assert.equal(
    contentConfigChanged(repo({ sparseCheckout: ['a'] }, { observedSparseCheckout: ['b'] }), []),
    true,
  );
  assert.equal(
    contentConfigChanged(repo({ sparseCheckout: ['a'] }, { observedSparseCheckout: ['a'] }), []),
    false,
  );
});

test('includes: spec, observed include and included artifacts must all match', () => {
  const include = [{ repository: { name: 'lib' }, toPath: 'vendor' }];
  const a1 = artifact('main@sha1:1', 'sha256:1');
  const same = repo({ include }, { observedInclude: include, includedArtifacts: [a1] });
  assert.equal(contentConfigChanged(same, [a1]), false);
  assert.equal(contentConfigChanged(same, [artifact('main@sha1:1', 'sha256:2')]), true);
  assert.equal(contentConfigChanged(same, [artifact('main@sha1:2', 'sha256:1')]), true);
  assert.equal(contentConfigChanged(repo({ include }, { observedInclude: include }), [a1]), true);
  const moved = repo(
    { include: [{ repository: { name: 'lib' }, toPath: 'other' }] },
    { observedInclude: include, includedArtifacts: [a1] },
  );
  assert.equal(contentConfigChanged(moved, [a1]), true);
});

test('verification: needed until a covering mode was observed', () => {
  const verify = (mode?: 'head' | 'HEAD' | 'Tag' | 'TagAndHEAD') => ({ mode, secretRef: { name: 'keys' } });
  assert.equal(requiresVerification(repo({})), false);
  assert.equal(requiresVerification(repo({ verify: verify() })), true);
  assert.equal(requiresVerification(repo({ verify: verify() }, { sourceVerificationMode: 'HEAD' })), false);
  assert.equal(
    requiresVerification(repo({ verify: verify('Tag') }, { sourceVerificationMode: 'HEAD' })),
    true,
  );
  assert.equal(
    requiresVerification(repo({ verify: verify('HEAD') }, { sourceVerificationMode: 'Tag' })),
    true,
  );
  assert.equal(
    requiresVerification(repo({ verify: verify('HEAD') }, { sourceVerificationMode: 'TagAndHEAD' })),
    false,
  );
  assert.equal(contentConfigChanged(repo({ verify: verify() }), []), true);
  assert.equal(verificationMode(repo({ verify: verify('head') })), 'HEAD');
  assert.equal(verificationMode(repo({ verify: verify() })), 'HEAD');
});
