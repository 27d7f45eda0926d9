import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFor, customStatus, validateExpressions } from './custom-health.ts';

const check = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  current: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  failed: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'False' && c.reason == 'Broken')",
};
const widget = (conditions?: unknown[], observedGeneration = 1) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', generation: 1 },
  status: conditions ? { observedGeneration, conditions } : { observedGeneration },
});

test('custom status: current, failed, in progress, missing fields and unobserved generations', () => {
  assert.equal(customStatus(widget([{ type: 'Ready', status: 'True' }]), check).status, 'Current');
  assert.equal(
    customStatus(widget([{ type: 'Ready', status: 'False', reason: 'Broken' }]), check).status,
    'Failed',
  );
  assert.equal(
    customStatus(widget([{ type: 'Ready', status: 'False', reason: 'Wait' }]), check).status,
    'InProgress',
  );
  // status.conditions does not exist yet: keep waiting, never an error
  assert.equal(customStatus(widget(), check).status, 'InProgress');
  assert.equal(customStatus(widget([{ type: 'Ready', status: 'True' }], 0), check).status, 'InProgress');
});

test('checks match by apiVersion and kind; invalid expressions are refused up front', () => {
  assert.equal(checkFor(widget(), [check]), check);
  assert.equal(checkFor({ apiVersion: 'example.com/v2', kind: 'Widget' }, [check]), undefined);
  assert.throws(
    () => validateExpressions([{ ...check, current: 'status.(' }]),
    /failed to parse health check expression/,
  );
  validateExpressions([check]);
});
