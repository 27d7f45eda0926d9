import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReleaseRecord } from '../../engines/helm/index.ts';
import type { HelmReleaseObject } from './env.ts';
import { activeRemediation, kindOf, planNext, retriesExhausted, retryIntervalMs } from './release-plan.ts';
import { ReleaseState } from './release-state.ts';

type Spec = Partial<HelmReleaseObject['spec']>;
type Status = NonNullable<HelmReleaseObject['status']>;
const hr = (spec: Spec = {}, status: Status = {}): HelmReleaseObject => ({
  metadata: { name: 'web', namespace: 'apps', generation: 1 },
  spec: { interval: '5m', chartRef: { kind: 'HelmChart', name: 'c' }, ...spec },
  status,
});
const rel = (version: number, status: string): ReleaseRecord => ({ name: 'web', version, info: { status } });
const deployedThenFailed = [rel(1, 'superseded'), rel(2, 'failed')];

test('plan: in sync does nothing unless forced; locked unlocks; untested tests', () => {
  assert.deepEqual(planNext(ReleaseState.InSync, hr(), [rel(1, 'deployed')], false), { inSync: true });
  assert.deepEqual(planNext(ReleaseState.InSync, hr(), [rel(1, 'deployed')], true), { action: 'upgrade' });
  assert.deepEqual(planNext(ReleaseState.Locked, hr(), [rel(1, 'pending-upgrade')], false), {
    action: 'unlock',
  });
  assert.deepEqual(planNext(ReleaseState.Untested, hr(), [rel(1, 'deployed')], false), { action: 'test' });
});

test('plan: absent installs and out of sync upgrades until the retries are exhausted, unless forced', () => {
  const failedOnce = hr({}, { installFailures: 1, upgradeFailures: 1 });
  assert.deepEqual(planNext(ReleaseState.Absent, hr(), [], false), { action: 'install' });
  assert.deepEqual(planNext(ReleaseState.Absent, failedOnce, [], false), { exhausted: true });
  assert.deepEqual(planNext(ReleaseState.Absent, failedOnce, [], true), { action: 'install' });
  assert.deepEqual(planNext(ReleaseState.OutOfSync, failedOnce, [rel(1, 'deployed')], false), {
    exhausted: true,
  });
  const retries = hr({ upgrade: { remediation: { retries: 1 } } }, { upgradeFailures: 1 });
  assert.deepEqual(planNext(ReleaseState.OutOfSync, retries, [rel(1, 'deployed')], false), {
    action: 'upgrade',
  });
  const forever = hr({ install: { remediation: { retries: -1 } } }, { installFailures: 99 });
  assert.deepEqual(planNext(ReleaseState.Absent, forever, [], false), { action: 'install' });
});

test('plan: a failed upgrade is rolled back while retries remain, and its last failure when asked', () => {
  const upgrade = (retries: number, upgradeFailures: number, more: Spec['upgrade'] = {}) =>
    hr(
      { upgrade: { remediation: { retries, ...more.remediation }, ...more } },
      { lastAttemptedReleaseAction: 'upgrade', upgradeFailures },
    );
  assert.deepEqual(planNext(ReleaseState.Failed, upgrade(2, 1), deployedThenFailed, false), {
    action: 'rollback',
  });
  // retries > 0 remediates the last failure by default
  assert.deepEqual(planNext(ReleaseState.Failed, upgrade(2, 3), deployedThenFailed, false), {
    action: 'rollback',
  });
  // retries 0: no remediation of the last failure unless asked
  assert.deepEqual(planNext(ReleaseState.Failed, upgrade(0, 1), deployedThenFailed, false), {
    exhausted: true,
  });
  const asked = upgrade(0, 1, { remediation: { remediateLastFailure: true } });
  assert.deepEqual(planNext(ReleaseState.Failed, asked, deployedThenFailed, false), { action: 'rollback' });
  const uninstall = upgrade(1, 1, { remediation: { retries: 1, strategy: 'uninstall' } });
  assert.deepEqual(planNext(ReleaseState.Failed, uninstall, deployedThenFailed, false), {
    action: 'uninstall',
  });
  // no failure counted (the chart or values changed since) or forced: try the action again
  assert.deepEqual(planNext(ReleaseState.Failed, upgrade(1, 0), deployedThenFailed, false), {
    action: 'upgrade',
  });
  assert.deepEqual(planNext(ReleaseState.Failed, upgrade(0, 1), deployedThenFailed, true), {
    action: 'upgrade',
  });
});

test('plan: a failed install is uninstalled while retries remain; nothing deployed is installed again', () => {
  const install = (retries: number, installFailures: number) =>
    hr({ install: { remediation: { retries } } }, { lastAttemptedReleaseAction: 'install', installFailures });
  assert.deepEqual(planNext(ReleaseState.Failed, install(3, 1), [rel(1, 'failed')], false), {
    action: 'uninstall',
  });
  assert.deepEqual(planNext(ReleaseState.Failed, install(3, 4), [rel(1, 'failed')], false), {
    exhausted: true,
  });
  assert.deepEqual(planNext(ReleaseState.Failed, install(3, 0), [rel(1, 'failed')], false), {
    action: 'install',
  });
});

test('RetryOnFailure: no remediation, never exhausted, the action again after retryInterval (default 5m)', () => {
  const retry = hr(
    {
      upgrade: { strategy: { name: 'RetryOnFailure', retryInterval: '30s' } },
      install: { strategy: { name: 'RetryOnFailure' } },
    },
    { lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 7, installFailures: 7 },
  );
  assert.equal(retryIntervalMs(retry, 'upgrade'), 30_000);
  assert.equal(retryIntervalMs(retry, 'install'), 300_000);
  assert.equal(retryIntervalMs(hr(), 'install'), undefined);
  assert.equal(activeRemediation(retry), undefined);
  assert.equal(retriesExhausted(retry, 'upgrade'), false);
  assert.deepEqual(planNext(ReleaseState.Failed, retry, deployedThenFailed, false), { action: 'upgrade' });
  assert.deepEqual(planNext(ReleaseState.Absent, retry, [], false), { action: 'install' });
});

test('action kinds: install and upgrade are one kind, rollback and uninstall remediate', () => {
  assert.deepEqual((['install', 'upgrade', 'test', 'rollback', 'uninstall', 'unlock'] as const).map(kindOf), [
    'release',
    'release',
    'test',
    'remediate',
    'remediate',
    'unlock',
  ]);
});
