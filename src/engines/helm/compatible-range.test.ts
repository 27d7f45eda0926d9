import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Chart, isCompatibleRange, processDependencies } from './index.ts';

// Helm's IsCompatibleRange reads ranges with Masterminds/semver (engines/semver, checked against
// the library in test/conformance/semver): a comma is an AND, and a range or version that does not
// parse, an empty range among them, is never compatible.
test('dependency ranges read as Helm reads them', () => {
  assert.equal(isCompatibleRange('>= 1.0, < 2.0', '1.9.9'), true);
  assert.equal(isCompatibleRange('>= 1.0, < 2.0', '0.9.0'), false, 'npm semver dropped the lower bound');
  assert.equal(isCompatibleRange('2.x.x', '2.31.10'), true);
  assert.equal(
    isCompatibleRange('~1.5', '1.5.0-rc.1'),
    false,
    'a prerelease needs a prerelease in the range',
  );
  assert.equal(isCompatibleRange('~1.5.0-0', '1.5.0-rc.1'), true);
  assert.equal(isCompatibleRange('', '1.0.0'), false);
  assert.equal(isCompatibleRange(undefined, '1.0.0'), false);
  assert.equal(isCompatibleRange('*', 'not-a-version'), false);
  assert.equal(isCompatibleRange('>=1.25.0-0', 'v1.35.0'), true);
});

function chart(name: string, version: string, extra: Partial<Chart['metadata']> = {}): Chart {
  return {
    metadata: { apiVersion: 'v2', name, version, ...extra },
    values: {},
    templates: [],
    crds: [],
    files: [],
    dependencies: [],
  };
}

// `helm template` (v4.1.4) on a parent declaring `{name: sub, alias: other}` without a version
// renders the subchart as `sub`: with no range the alias is not applied.
test('an alias applies only to a dependency whose version range matches', () => {
  for (const [version, expected] of [
    [undefined, 'sub'],
    ['0.1.x', 'other'],
  ] as const) {
    const parent = chart('p', '1.0.0', { dependencies: [{ name: 'sub', alias: 'other', version }] });
    const sub = chart('sub', '0.1.0');
    sub.parent = parent;
    parent.dependencies = [sub];
    processDependencies(parent, {});
    assert.deepEqual(
      parent.dependencies.map((d) => d.metadata.name),
      [expected],
      `version ${version}`,
    );
  }
});
