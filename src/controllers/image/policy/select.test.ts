import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidPolicyError, selectTag } from './select.ts';

const tags = ['v1.0.0', '1.2.0', 'v1.3.0-rc.1', 'v1.2.5', 'latest', 'sha-abc', '1.10.0.sig'];

test('semver: the highest version in range, with or without v, prereleases only when asked', () => {
  assert.equal(selectTag(tags, { policy: { semver: { range: '>=1.0.0' } } }), 'v1.2.5');
  assert.equal(selectTag(tags, { policy: { semver: { range: '>=1.0.0-0' } } }), 'v1.3.0-rc.1');
  assert.equal(selectTag(tags, { policy: { semver: { range: '~1.0' } } }), 'v1.0.0');
  assert.throws(() => selectTag(tags, { policy: { semver: { range: '>=2' } } }), /unable to determine/);
  assert.throws(() => selectTag(tags, { policy: { semver: { range: 'nope' } } }), InvalidPolicyError);
});

test('filterTags extract: timestamps ranked numerically, the original tag returned', () => {
  const builds = ['main-aaa-1700000000', 'main-bbb-1700000300', 'dev-ccc-1800000000', 'main-ddd-1700000100'];
  const spec = { pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)$', extract: '$ts' };
  assert.equal(
    selectTag(builds, { filterTags: spec, policy: { numerical: { order: 'asc' } } }),
    'main-bbb-1700000300',
  );
  assert.equal(
    selectTag(builds, { filterTags: spec, policy: { numerical: { order: 'desc' } } }),
    'main-aaa-1700000000',
  );
  assert.throws(
    () => selectTag(['x'], { filterTags: { pattern: '(' }, policy: { numerical: {} } }),
    InvalidPolicyError,
  );
});

test('alphabetical asc picks the last, desc the first; numerical refuses non-numbers', () => {
  assert.equal(selectTag(['b', 'c', 'a'], { policy: { alphabetical: {} } }), 'c');
  assert.equal(selectTag(['b', 'c', 'a'], { policy: { alphabetical: { order: 'desc' } } }), 'a');
  assert.equal(selectTag(['9', '10', '2'], { policy: { numerical: {} } }), '10');
  assert.throws(() => selectTag(['1', 'x'], { policy: { numerical: {} } }), /invalid numeric value 'x'/);
  assert.throws(() => selectTag([], { policy: { alphabetical: {} } }), /cannot be empty/);
});
