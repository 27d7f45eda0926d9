import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickChartTag } from './oci-build.ts';

test('chart tags resolve by semver, `_` standing for `+`', () => {
  const tags = ['1.0.0', '1.2.0', '2.0.0-rc.1', '1.2.0_build.7', 'latest'];
  assert.equal(pickChartTag(tags, '*', 'oci://r/c'), '1.2.0');
  assert.equal(pickChartTag(tags, '', 'oci://r/c'), '1.2.0');
  assert.equal(pickChartTag(tags, '~1.0', 'oci://r/c'), '1.0.0');
  assert.equal(pickChartTag(tags, '>=2.0.0-0', 'oci://r/c'), '2.0.0-rc.1');
  assert.equal(pickChartTag(tags, '1.2.0+build.7', 'oci://r/c'), '1.2.0_build.7');
  assert.throws(
    () => pickChartTag(tags, '>=3', 'oci://r/c'),
    /could not locate a version matching provided version string >=3/,
  );
  assert.throws(
    () => pickChartTag([], '*', 'oci://r/c'),
    /unable to locate any tags in provided repository: oci:\/\/r\/c/,
  );
});
