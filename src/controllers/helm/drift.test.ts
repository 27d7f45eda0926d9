import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countPatch, type DriftedObject, summarizeDrift } from './drift.ts';

test('countPatch counts additions, changes and removals field by field, lists item by item', () => {
  assert.deepEqual(
    countPatch(
      { spec: { replicas: 1, paused: true, ports: [80, 443] }, metadata: { labels: { a: '1' } } },
      {
        spec: { replicas: 3, ports: [80], strategy: { type: 'Recreate' } },
        metadata: { labels: { a: '1' } },
      },
    ),
    { additions: 1, changes: 1, removals: 2 },
  );
  assert.deepEqual(countPatch({ a: [1] }, { a: [1, 2, 3] }), { additions: 2, changes: 0, removals: 0 });
  assert.deepEqual(countPatch({ a: { b: 1 } }, { a: 'x' }), { additions: 0, changes: 1, removals: 0 });
  assert.deepEqual(countPatch({ a: 1 }, { a: 1 }), { additions: 0, changes: 0, removals: 0 });
});

test('summarizeDrift words each object as Flux does', () => {
  const d = (subject: string, removed: boolean, n = 0): DriftedObject => ({
    desired: {},
    subject,
    removed,
    additions: n,
    changes: n + 1,
    removals: 0,
  });
  assert.equal(
    summarizeDrift([d('Deployment/ns/web', false, 1), d('Service/ns/web', true)]),
    'Deployment/ns/web changed (1 additions, 2 changes, 0 removals)\nService/ns/web removed',
  );
});
