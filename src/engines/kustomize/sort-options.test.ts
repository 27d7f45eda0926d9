import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { build, buildOrThrow } from './index.ts';

const res = `apiVersion: v1
kind: Namespace
metadata:
  name: ns
---
apiVersion: v1
kind: Service
metadata:
  name: svc
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep
`;

test('legacySortOptions replace the kinds sorted first and last', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': `resources:
- res.yaml
sortOptions:
  order: legacy
  legacySortOptions:
    orderFirst: [Deployment]
    orderLast: [Namespace]
`,
      'res.yaml': res,
    }),
    '.',
  );
  assert.deepEqual(
    out.map((o) => o.kind),
    ['Deployment', 'Service', 'Namespace'],
  );
});

test('sortOptions without a valid order, or fifo with legacySortOptions, are errors', () => {
  for (const opts of [
    'sortOptions:\n  legacySortOptions: {orderFirst: [Service]}\n',
    'sortOptions:\n  order: fifo\n  legacySortOptions: {orderFirst: [Service]}\n',
  ]) {
    const r = build(
      new MemoryFS({ 'kustomization.yaml': `resources:\n- res.yaml\n${opts}`, 'res.yaml': res }),
      '.',
    );
    assert.equal(r.diagnostics[0]?.code, 'InvalidSortOptions');
  }
});
