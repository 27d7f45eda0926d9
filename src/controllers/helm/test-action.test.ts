import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testSelected } from './test-action.ts';

test('test filters: excluded names never run; included names alone run when some are given', () => {
  assert.equal(testSelected('a'), true);
  assert.equal(testSelected('a', [{ name: 'a', exclude: true }]), false);
  assert.equal(testSelected('b', [{ name: 'a', exclude: true }]), true);
  assert.equal(testSelected('a', [{ name: 'a' }]), true);
  assert.equal(testSelected('b', [{ name: 'a' }, { name: 'c', exclude: true }]), false);
});
