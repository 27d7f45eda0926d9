import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KustomizationObject } from './env.ts';
import { HistoryLimit, recordHistory } from './history.ts';

const ks = () => ({ spec: {}, status: {} }) as unknown as KustomizationObject;

test('history: a repeated digest updates its entry and moves it first; at most five entries', () => {
  const obj = ks();
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  recordHistory(obj, {
    digest: 'sha256:a',
    durationMs: 1500,
    status: 'ReconciliationSucceeded',
    metadata: { revision: 'r1' },
    now: at(0),
  });
  recordHistory(obj, {
    digest: 'sha256:b',
    durationMs: 10,
    status: 'HealthCheckFailed',
    metadata: { revision: 'r2' },
    now: at(1),
  });
  recordHistory(obj, {
    digest: 'sha256:a',
    durationMs: 2000,
    status: 'ReconciliationSucceeded',
    metadata: { revision: 'r1' },
    now: at(2),
  });
  const h = obj.status?.history ?? [];
  assert.deepEqual(
    h.map((e) => [
      e.digest,
      e.totalReconciliations,
      e.firstReconciled,
      e.lastReconciled,
      e.lastReconciledDuration,
    ]),
    [
      ['sha256:a', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z', '2s'],
      ['sha256:b', 1, '2026-01-01T00:00:01Z', '2026-01-01T00:00:01Z', '10ms'],
    ],
  );
  for (let i = 0; i < 10; i++)
    recordHistory(obj, {
      digest: `sha256:${i}`,
      durationMs: 1,
      status: 'ReconciliationSucceeded',
      metadata: {},
    });
  assert.equal(obj.status?.history?.length, HistoryLimit);
});
