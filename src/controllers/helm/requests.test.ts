import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HelmReleaseObject } from './env.ts';
import { shouldHandleForce, shouldHandleReset } from './requests.ts';

const hr = (annotations: Record<string, string>): HelmReleaseObject => ({
  metadata: { name: 'web', namespace: 'apps', annotations },
  spec: { interval: '5m', chartRef: { kind: 'HelmChart', name: 'c' } },
});

test('forceAt counts once, and only with requestedAt equal to it', () => {
  const obj = hr({ 'reconcile.fluxcd.io/forceAt': 't1', 'reconcile.fluxcd.io/requestedAt': 't1' });
  assert.equal(shouldHandleForce(obj), true);
  assert.equal(obj.status?.lastHandledForceAt, 't1');
  assert.equal(shouldHandleForce(obj), false, 'handled already');
  const other = hr({ 'reconcile.fluxcd.io/forceAt': 't1', 'reconcile.fluxcd.io/requestedAt': 't2' });
  assert.equal(shouldHandleForce(other), false);
  assert.equal(other.status?.lastHandledForceAt, undefined);
  assert.equal(shouldHandleForce(hr({ 'reconcile.fluxcd.io/requestedAt': 't1' })), false);
});

test('resetAt follows the same rule and records lastHandledResetAt', () => {
  const obj = hr({ 'reconcile.fluxcd.io/resetAt': 'r', 'reconcile.fluxcd.io/requestedAt': 'r' });
  assert.equal(shouldHandleForce(obj), false);
  assert.equal(shouldHandleReset(obj), true);
  assert.equal(obj.status?.lastHandledResetAt, 'r');
  assert.equal(shouldHandleReset(obj), false);
});
