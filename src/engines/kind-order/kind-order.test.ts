import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLUX_APPLY_ORDER, HELM_INSTALL_ORDER, kindRank } from './index.ts';

const sortBy = (order: readonly string[], kinds: string[]) =>
  [...kinds].sort((a, b) => kindRank(order, a) - kindRank(order, b));

test('Helm installs namespaces and storage before CRDs; Flux applies CRDs first', () => {
  const kinds = [
    'Deployment',
    'CustomResourceDefinition',
    'StorageClass',
    'ConfigMap',
    'Namespace',
    'PriorityClass',
  ];
  assert.deepEqual(sortBy(HELM_INSTALL_ORDER, kinds), [
    'PriorityClass',
    'Namespace',
    'ConfigMap',
    'StorageClass',
    'CustomResourceDefinition',
    'Deployment',
  ]);
  assert.deepEqual(sortBy(FLUX_APPLY_ORDER, kinds.slice(0, 5)), [
    'CustomResourceDefinition',
    'Namespace',
    'StorageClass',
    'ConfigMap',
    'Deployment',
  ]);
});

test('each table lists a kind once, and unknown kinds rank after all of them', () => {
  for (const order of [HELM_INSTALL_ORDER, FLUX_APPLY_ORDER]) {
    assert.equal(new Set(order).size, order.length);
    assert.equal(kindRank(order, 'HelmRelease'), order.length);
    assert.equal(kindRank(order, undefined), order.length);
    assert.equal(kindRank(order, 'ValidatingWebhookConfiguration'), order.length - 1);
  }
});
