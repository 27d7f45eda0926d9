import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReleaseRecord } from '../../engines/helm/index.ts';
import type { HelmReleaseObject } from './env.ts';
import { recordSnapshot, releaseFullName, versionedChartName } from './history.ts';

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
