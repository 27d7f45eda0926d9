import assert from 'node:assert/strict';
import { test } from 'node:test';
import { managerOptionsFromFlags } from './options.ts';

const available = ['source', 'kustomize'];

test("defaults are Flux's", () => {
  const o = managerOptionsFromFlags({}, available);
  assert.deepEqual(o.controllers, available);
  assert.equal(o.concurrent, 4);
  assert.equal(o.storageAddr, ':9090');
  assert.equal(o.artifactRetentionRecords, 2);
  assert.equal(o.artifactRetentionTtlMs, 60_000);
  assert.equal(o.requeueDependencyMs, 30_000);
  assert.deepEqual(o.leaderElection, {
    leaseDurationMs: 35_000,
    renewDeadlineMs: 30_000,
    retryPeriodMs: 5_000,
  });
  assert.equal(o.logLevel, 'info');
  assert.equal(o.defaultServiceAccount, undefined);
});

test('flags are parsed and checked', () => {
  const o = managerOptionsFromFlags(
    {
      controllers: 'kustomize',
      'artifact-retention-ttl': '2m',
      'requeue-dependency': '5s',
      'default-service-account': 'flux-applier',
      'log-level': 'debug',
    },
    available,
  );
  assert.deepEqual(o.controllers, ['kustomize']);
  assert.equal(o.artifactRetentionTtlMs, 120_000);
  assert.equal(o.requeueDependencyMs, 5_000);
  assert.equal(o.defaultServiceAccount, 'flux-applier');
  assert.equal(o.logLevel, 'debug');
  assert.throws(
    () => managerOptionsFromFlags({ controllers: 'helm' }, available),
    /unknown controller\(s\) helm/,
  );
  assert.throws(
    () => managerOptionsFromFlags({ 'log-level': 'loud' }, available),
    /--log-level must be one of/,
  );
  assert.throws(
    () => managerOptionsFromFlags({ 'requeue-dependency': 'soon' }, available),
    /--requeue-dependency/,
  );
  assert.throws(
    () => managerOptionsFromFlags({ 'artifact-retention-records': '0' }, available),
    /--artifact-retention-records must be a positive integer/,
  );
});
