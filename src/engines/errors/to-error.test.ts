import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toError } from './index.ts';

test('toError keeps an Error and words anything else thrown as a message', () => {
  const e = new TypeError('bad input');
  assert.equal(toError(e), e);
  assert.equal(toError('plain text').message, 'plain text');
  assert.equal(toError({ code: 7 }).message, '{"code":7}');
  assert.equal(toError(undefined).message, 'undefined');
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.equal(toError(circular).message, '[object Object]');
});
