import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DelayHeap } from './delay-heap.ts';

test('items come out in due order, one entry per item', () => {
  const h = new DelayHeap<string>();
  const times = [50, 10, 40, 30, 20, 60, 5];
  for (const [i, t] of times.entries()) h.push(`i${i}`, t);
  h.push('i5', 1); // moved earlier
  h.push('i1', 100); // later time ignored
  assert.equal(h.size, 7);
  assert.equal(h.peekTime(), 1);
  assert.deepEqual(h.popDue(30), ['i5', 'i6', 'i1', 'i4', 'i3']);
  assert.deepEqual(h.popDue(1000), ['i2', 'i0']);
  assert.equal(h.size, 0);
});

test('replace moves a waiting item later as well as earlier', () => {
  const h = new DelayHeap<string>();
  for (const [i, t] of [10, 20, 30, 40].entries()) h.push(`i${i}`, t);
  h.push('i0', 35, true); // later: now due after i2
  h.push('i3', 5, true); // earlier
  h.push('i1', 20, true); // same time: unchanged
  assert.equal(h.size, 4);
  assert.deepEqual(h.popDue(25), ['i3', 'i1']);
  assert.deepEqual(h.popDue(32), ['i2']);
  assert.deepEqual(h.popDue(100), ['i0']);
});
