import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StallingError, TransientError, toError, WaitingError } from './outcomes.ts';

test('outcomes carry their reason, delay and cause', () => {
  const cause = new Error('dial tcp: refused');
  const t = new TransientError('GitOperationFailed', 'failed to checkout', { cause });
  assert.equal(t.reason, 'GitOperationFailed');
  assert.equal(t.cause, cause);
  const w = new WaitingError('DependencyNotReady', 30_000, "dependency 'a' is not ready");
  assert.equal(w.requeueAfterMs, 30_000);
  assert.ok(new StallingError('URLInvalid', 'bad') instanceof Error);
});

test('toError turns anything thrown into an Error', () => {
  const e = new Error('x');
  assert.equal(toError(e), e);
  assert.equal(toError('boom').message, 'boom');
  assert.equal(toError({ a: 1 }).message, '{"a":1}');
  assert.equal(toError(undefined).message, 'undefined');
});
