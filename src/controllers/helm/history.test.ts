import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReleaseRecord } from '../../engines/helm/index.ts';
import type { HelmReleaseObject } from './env.ts';
import {
  previousSnapshot,
  recordSnapshot,
  releaseFullName,
  testHooksOf,
  truncateHistory,
  versionedChartName,
} from './history.ts';

const hr = (maxHistory?: number): HelmReleaseObject => ({
  metadata: { name: 'web', namespace: 'apps' },
  spec: {
    interval: '5m',
    chartRef: { kind: 'HelmChart', name: 'c' },
    ...(maxHistory === undefined ? {} : { maxHistory }),
  },
});
const rel = (version: number, status = 'deployed'): ReleaseRecord => ({
  name: 'web',
  namespace: 'apps',
  version,
  info: { status, first_deployed: '2026-01-01T00:00:00Z', last_deployed: '2026-01-01T00:00:00Z' },
  chart: { metadata: { name: 'podinfo', version: '6.14.1', appVersion: '6.14.1' } },
  config: { replicaCount: version },
});

test('history: newest first, the previous deployed superseded, a revision replaced in place', () => {
  const obj = hr();
  recordSnapshot(obj, rel(1, 'pending-install'), 'install');
  recordSnapshot(obj, rel(1), 'install');
  assert.deepEqual(
    obj.status?.history?.map((s) => [s.version, s.status]),
    [[1, 'deployed']],
  );
  recordSnapshot(obj, rel(2), 'upgrade');
  const [latest, before] = obj.status?.history ?? [];
  assert.deepEqual([latest?.version, latest?.status, latest?.action], [2, 'deployed', 'upgrade']);
  assert.deepEqual([before?.version, before?.status], [1, 'superseded']);
  assert.equal(latest?.chartName, 'podinfo');
  assert.equal(latest?.appVersion, '6.14.1');
  assert.match(latest?.configDigest ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.notEqual(latest?.configDigest, before?.configDigest);
  assert.notEqual(latest?.digest, before?.digest);
});

test('history keeps spec.maxHistory snapshots', () => {
  const obj = hr(2);
  for (let v = 1; v <= 4; v++) recordSnapshot(obj, rel(v), 'upgrade');
  assert.deepEqual(
    obj.status?.history?.map((s) => s.version),
    [4, 3],
  );
});

test('names in messages: ns/name.vN and chart@version', () => {
  assert.equal(releaseFullName(rel(3)), 'apps/web.v3');
  assert.equal(versionedChartName(rel(3)), 'podinfo@6.14.1');
});

test('rollback target: the newest released snapshot after the latest, skipping failed tests unless ignored', () => {
  const obj = hr();
  recordSnapshot(obj, rel(1), 'install');
  recordSnapshot(obj, rel(2), 'upgrade');
  recordSnapshot(obj, rel(3, 'failed'), 'upgrade');
  const history = obj.status?.history ?? [];
  assert.equal(previousSnapshot(obj, false)?.version, 2);
  (history[1] as (typeof history)[number]).testHooks = { t: { phase: 'Failed' } };
  assert.equal(previousSnapshot(obj, false)?.version, 1);
  assert.equal(previousSnapshot(obj, true)?.version, 2);
  truncateHistory(obj, false);
  assert.deepEqual(
    obj.status?.history?.map((s) => s.version),
    [3, 2, 1],
  );
  truncateHistory(obj, true);
  assert.deepEqual(
    obj.status?.history?.map((s) => s.version),
    [3, 2],
  );
});

test('test hooks of a release: only hooks of the test event, with their last run', () => {
  const tested: ReleaseRecord = {
    ...rel(1),
    hooks: [
      {
        name: 'web-test',
        events: ['test'],
        last_run: {
          started_at: '2026-01-01T00:00:01.123456789Z',
          completed_at: '2026-01-01T00:00:02Z',
          phase: 'Succeeded',
        },
      },
      {
        name: 'web-skipped',
        events: ['test-success'],
        last_run: { started_at: '0001-01-01T00:00:00Z', phase: '' },
      },
      { name: 'web-pre', events: ['pre-install'], last_run: { phase: 'Succeeded' } },
    ],
  };
  assert.deepEqual(testHooksOf(tested), {
    'web-test': {
      lastStarted: '2026-01-01T00:00:01Z',
      lastCompleted: '2026-01-01T00:00:02Z',
      phase: 'Succeeded',
    },
    'web-skipped': {},
  });
  const obj = hr();
  recordSnapshot(obj, tested, 'install', { testHooks: testHooksOf(tested), ociDigest: 'sha256:abc' });
  recordSnapshot(obj, { ...tested, info: { ...tested.info, description: 'x' } });
  assert.equal(obj.status?.history?.[0]?.ociDigest, 'sha256:abc', 'kept for the same revision');
  assert.equal(obj.status?.history?.[0]?.action, 'install');
  assert.equal(obj.status?.history?.[0]?.testHooks?.['web-test']?.phase, 'Succeeded');
});
