import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanForExport } from './export.ts';

test('export drops server bookkeeping: status, reconcile requests, last-applied and conversion annotations', () => {
  const out = cleanForExport({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: 'apps',
      namespace: 'flux-system',
      uid: 'x',
      resourceVersion: '7',
      annotations: {
        'conversion.tsflux.io/preserved-fields': '{"spec":{"x":1}}',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'reconcile.fluxcd.io/requestedAt': 'now',
        'team.example.com/owner': 'apps',
      },
    },
    spec: { interval: '10m', path: './apps' },
    status: { observedGeneration: 1 },
  });
  assert.deepEqual(out, {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: 'apps',
      namespace: 'flux-system',
      annotations: { 'team.example.com/owner': 'apps' },
    },
    spec: { interval: '10m', path: './apps' },
  });
});
