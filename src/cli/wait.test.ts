import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxObject } from './kinds.ts';
import { requestState } from './wait.ts';

const token = '2026-12-07T22:00:00.000Z';
const cond = (type: string, status: string, reason: string, message = '', observedGeneration = 2) => ({
  type,
  status,
  reason,
  message,
  observedGeneration,
});
const obj = (status: FluxObject['status']): FluxObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', generation: 2 },
  status,
});

test('a request not yet echoed in lastHandledReconcileAt is pending, whatever Ready says', () => {
  const o = obj({ lastHandledReconcileAt: 'earlier', conditions: [cond('Ready', 'True', 'Succeeded')] });
  assert.deepEqual(requestState(o, token), { state: 'pending', handled: false });
});

test('a handled request with Ready True is done', () => {
  const o = obj({ lastHandledReconcileAt: token, conditions: [cond('Ready', 'True', 'Succeeded')] });
  assert.deepEqual(requestState(o, token), { state: 'ready' });
});

test('a handled request that failed and will be retried is a failure with its reason, not a wait', () => {
  const o = obj({
    lastHandledReconcileAt: token,
    conditions: [
      cond('Reconciling', 'True', 'ProgressingWithRetry', 'namespace not specified'),
      cond('Ready', 'False', 'ReconciliationFailed', 'namespace not specified'),
    ],
  });
  assert.deepEqual(requestState(o, token), {
    state: 'failed',
    reason: 'ReconciliationFailed',
    message: 'namespace not specified',
  });
});

test('a stalled object is a failure with the Stalled reason', () => {
  const o = obj({
    lastHandledReconcileAt: token,
    conditions: [
      cond('Stalled', 'True', 'InvalidPath', "path './nope' not found"),
      cond('Ready', 'False', 'InvalidPath', "path './nope' not found"),
    ],
  });
  assert.deepEqual(requestState(o, token), {
    state: 'failed',
    reason: 'InvalidPath',
    message: "path './nope' not found",
  });
});

test('a handled request still in progress, or whose Ready is of an older generation, is pending', () => {
  const progressing = obj({
    lastHandledReconcileAt: token,
    conditions: [
      cond('Reconciling', 'True', 'Progressing', 'building'),
      cond('Ready', 'False', 'ArtifactFailed', 'old failure'),
    ],
  });
  assert.deepEqual(requestState(progressing, token), { state: 'pending', handled: true });
  const stale = obj({
    lastHandledReconcileAt: token,
    conditions: [cond('Ready', 'False', 'ArtifactFailed', 'old failure', 1)],
  });
  assert.deepEqual(requestState(stale, token), { state: 'pending', handled: true });
});
