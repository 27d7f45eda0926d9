import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateExpressions } from './custom-health.ts';

test('invalid health check expressions are refused up front; valid ones pass', () => {
  const check = { apiVersion: 'example.com/v1', kind: 'Widget', current: 'status.ready == true' };
  assert.throws(
    () => validateExpressions([{ ...check, inProgress: 'status.(' }]),
    /^Error: failed to parse health check expression 'status\.\(' for example\.com\/v1\/Widget: /,
  );
  validateExpressions([check]);
  validateExpressions(undefined);
});
