import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeApiError } from '../kube/index.ts';
import { changeSetEntry, changeSetToMap, formatChangeSet } from './change-set.ts';
import { isImmutableError } from './immutable.ts';
import { compareForApply, formatObject, isClusterDefinition, matchesAnyMetadata } from './objects.ts';

test('objects print as Flux prints them in change sets', () => {
  const deploy = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'podinfo', namespace: 'apps' },
  };
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } };
  assert.equal(formatObject(deploy), 'Deployment/apps/podinfo');
  assert.equal(
    formatChangeSet([changeSetEntry(ns, 'created'), changeSetEntry(deploy, 'configured')]),
    'Namespace/apps created\nDeployment/apps/podinfo configured',
  );
  assert.deepEqual(changeSetToMap([changeSetEntry(deploy, 'unchanged')]), {
    'Deployment/apps/podinfo': 'unchanged',
  });
});

test('the first stage holds CRDs, Namespaces and ClusterRoles only', () => {
  assert.equal(
    isClusterDefinition({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }),
    true,
  );
  assert.equal(isClusterDefinition({ apiVersion: 'v1', kind: 'Namespace' }), true);
  assert.equal(
    isClusterDefinition({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }),
    true,
  );
  assert.equal(
    isClusterDefinition({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' }),
    false,
  );
  assert.equal(isClusterDefinition({ apiVersion: 'example.com/v1', kind: 'Namespace' }), false);
});

test('apply order: CRDs, Namespaces, then dependencies before workloads; names break ties', () => {
  const kinds = ['Deployment', 'Widget', 'ConfigMap', 'Namespace', 'CustomResourceDefinition', 'Service'];
  const sorted = kinds.map((kind) => ({ kind, metadata: { name: 'x' } })).sort(compareForApply);
  assert.deepEqual(
    sorted.map((o) => o.kind),
    ['CustomResourceDefinition', 'Namespace', 'ConfigMap', 'Service', 'Deployment', 'Widget'],
  );
});

test('opt-out values match labels or annotations case-insensitively', () => {
  const obj = { metadata: { annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } } };
  assert.equal(matchesAnyMetadata(obj, { 'kustomize.toolkit.fluxcd.io/prune': 'Disabled' }), true);
  assert.equal(matchesAnyMetadata(obj, { 'kustomize.toolkit.fluxcd.io/ssa': 'Ignore' }), false);
  assert.equal(matchesAnyMetadata(undefined, { a: 'b' }), false);
});

test('immutable errors: conflicts, invalid answers and webhook wording', () => {
  assert.equal(isImmutableError(new KubeApiError(422, 'Invalid', 'spec.selector: field is immutable')), true);
  assert.equal(isImmutableError(new KubeApiError(409, 'Conflict', 'conflict')), true);
  assert.equal(isImmutableError(new Error('admission webhook denied: spec.x is immutable')), true);
  assert.equal(isImmutableError(new KubeApiError(403, 'Forbidden', 'forbidden')), false);
});
