import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DefaultTakeOver, takeOverPatch } from './take-over.ts';

test('kubectl and before-first-apply entries are renamed to our manager as Apply; others stay', () => {
  const existing = {
    metadata: {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' },
      managedFields: [
        { manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: { 'f:data': {} } },
        { manager: 'before-first-apply', operation: 'Update', fieldsV1: {} },
        { manager: 'kubectl', operation: 'Apply', fieldsV1: {} },
        { manager: 'kube-controller-manager', operation: 'Update', fieldsV1: {} },
        { manager: 'kubectl-edit', operation: 'Update', subresource: 'status', fieldsV1: {} },
      ],
    },
  };
  const ops = takeOverPatch(existing, DefaultTakeOver('kustomize-controller'), 'kustomize-controller');
  assert.deepEqual(ops, [
    { op: 'remove', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration' },
    {
      op: 'replace',
      path: '/metadata/managedFields',
      value: [
        { manager: 'kustomize-controller', operation: 'Apply', fieldsV1: { 'f:data': {} } },
        { manager: 'kustomize-controller', operation: 'Apply', fieldsV1: {} },
        { manager: 'kustomize-controller', operation: 'Apply', fieldsV1: {} },
        { manager: 'kube-controller-manager', operation: 'Update', fieldsV1: {} },
        { manager: 'kubectl-edit', operation: 'Update', subresource: 'status', fieldsV1: {} },
      ],
    },
  ]);
});

test('nothing to take over gives an empty patch', () => {
  const existing = { metadata: { managedFields: [{ manager: 'kustomize-controller', operation: 'Apply' }] } };
  assert.deepEqual(
    takeOverPatch(existing, DefaultTakeOver('kustomize-controller'), 'kustomize-controller'),
    [],
  );
});
