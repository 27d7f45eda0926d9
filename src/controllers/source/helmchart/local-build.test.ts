import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanChartPath } from './chart-build.ts';

test('chart paths are cleaned and cannot climb out of the source', () => {
  assert.equal(cleanChartPath('./charts/podinfo/'), 'charts/podinfo');
  assert.equal(cleanChartPath('charts//podinfo'), 'charts/podinfo');
  assert.equal(cleanChartPath('../../etc'), 'etc');
  assert.equal(cleanChartPath('/abs/chart'), 'abs/chart');
});
