import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HelmReleaseObject } from './env.ts';
import { summarizeRelease } from './ready-summary.ts';

type Condition = NonNullable<NonNullable<HelmReleaseObject['status']>['conditions']>[number];
const cond = (type: string, status: string, reason: string, observedGeneration = 1): Condition => ({
  type,
  status: status as Condition['status'],
  reason,
  message: `${reason} message`,
  observedGeneration,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});
const hr = (
  conditions: Condition[],
  test?: { enable?: boolean; ignoreFailures?: boolean },
): HelmReleaseObject => ({
  metadata: { name: 'web', namespace: 'apps', generation: 1 },
  spec: { interval: '5m', chartRef: { kind: 'HelmChart', name: 'c' }, ...(test ? { test } : {}) },
  status: { conditions },
});

test('Ready: Released alone; Remediated wins and is never Ready', () => {
  assert.deepEqual(summarizeRelease(hr([cond('Released', 'True', 'InstallSucceeded')])), {
    ready: true,
    reason: 'InstallSucceeded',
    message: 'InstallSucceeded message',
  });
  const remediated = hr([
    cond('Released', 'False', 'UpgradeFailed'),
    cond('Remediated', 'True', 'RollbackSucceeded'),
  ]);
  assert.deepEqual(summarizeRelease(remediated), {
    ready: false,
    reason: 'RollbackSucceeded',
    message: 'RollbackSucceeded message',
  });
  assert.equal(summarizeRelease(hr([])), undefined);
});

test('Ready: TestSuccess counts when tests are enabled and their failures are not ignored', () => {
  const conditions = () => [
    cond('Released', 'True', 'UpgradeSucceeded'),
    cond('TestSuccess', 'False', 'TestFailed'),
  ];
  assert.equal(summarizeRelease(hr(conditions(), { enable: true }))?.reason, 'TestFailed');
  assert.equal(summarizeRelease(hr(conditions(), { enable: true, ignoreFailures: true }))?.ready, true);
  const disabled = hr(conditions());
  assert.equal(summarizeRelease(disabled)?.ready, true);
  assert.deepEqual(
    disabled.status?.conditions?.map((c) => c.type),
    ['Released'],
    'TestSuccess dropped with tests disabled',
  );
});

test('Ready: a newer generation outranks an older remediation', () => {
  const obj = hr([
    cond('Remediated', 'True', 'RollbackSucceeded', 1),
    cond('Released', 'True', 'UpgradeSucceeded', 2),
  ]);
  assert.equal(summarizeRelease(obj)?.reason, 'UpgradeSucceeded');
});
