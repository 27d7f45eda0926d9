import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergePatchDiff } from './merge-patch.ts';

test('the merge patch carries only what changed, nulls for removed keys, arrays whole', () => {
  const before = { a: 1, b: { c: 2, d: 3 }, list: [1, 2], gone: 'x', same: { x: 1 } };
  const after = { a: 1, b: { c: 5 }, list: [1, 2, 3], added: true, same: { x: 1 } };
  assert.deepEqual(mergePatchDiff(before, after), {
    gone: null,
    b: { c: 5, d: null },
    list: [1, 2, 3],
    added: true,
  });
  assert.equal(mergePatchDiff({ a: [1] }, { a: [1] }), undefined);
  assert.deepEqual(mergePatchDiff({ a: { b: 1 } }, { a: 'x' }), { a: 'x' });
});

test('arrays of objects that differ only in key order are unchanged (the API server sorts keys)', () => {
  const stored = {
    conditions: [{ lastTransitionTime: 't', message: 'm', reason: 'r', status: 'True', type: 'Ready' }],
  };
  const rebuilt = {
    conditions: [{ type: 'Ready', status: 'True', reason: 'r', message: 'm', lastTransitionTime: 't' }],
  };
  assert.equal(mergePatchDiff(stored, rebuilt), undefined);
  assert.deepEqual(mergePatchDiff(stored, { conditions: [{ ...rebuilt.conditions[0], message: 'n' }] }), {
    conditions: [{ type: 'Ready', status: 'True', reason: 'r', message: 'n', lastTransitionTime: 't' }],
  });
});
