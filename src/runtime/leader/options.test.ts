import assert from 'node:assert/strict';
import { test } from 'node:test';
import { microTime } from './lease.ts';
import { LeaderElectionDefaults, LeaderElectionFlags, leaseName } from './options.ts';

test("Flux's leader election flags and defaults", () => {
  assert.deepEqual(Object.values(LeaderElectionFlags), [
    'enable-leader-election',
    'leader-election-lease-duration',
    'leader-election-renew-deadline',
    'leader-election-retry-period',
  ]);
  assert.equal(LeaderElectionDefaults.enable, false);
  assert.equal(LeaderElectionDefaults.leaseDurationMs, 35_000);
  assert.equal(LeaderElectionDefaults.renewDeadlineMs, 30_000);
  assert.equal(LeaderElectionDefaults.retryPeriodMs, 5_000);
  assert.equal(leaseName('source-controller'), 'source-controller-leader-election');
  assert.equal(microTime(new Date('2026-11-24T16:00:00.123Z')), '2026-11-24T16:00:00.123000Z');
});
