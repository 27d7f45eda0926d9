// Messages below are the ones kube-apiserver v1.35 answered for the same objects
// (test/api/crds-apiserver.test.ts compares live; this keeps a fast copy of the contract).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateObject } from '../registry.ts';

const kustomization = (spec: Record<string, unknown>) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'k' },
  spec,
});

test('a valid object has no errors', () => {
  assert.deepEqual(
    validateObject(
      kustomization({ interval: '5m', prune: true, sourceRef: { kind: 'GitRepository', name: 'r' } }),
    ),
    [],
  );
});

test('structural errors read as the API server writes them', () => {
  const errors = validateObject(
    kustomization({
      interval: 'soon',
      prune: 'yes',
      sourceRef: { kind: 'Git', name: 'r' },
      targetNamespace: 'n'.repeat(70),
      dependsOn: [{ namespace: 'x' }],
    }),
  ).map((e) => `${e.field}: ${e.message}`);
  assert.deepEqual(errors.sort(), [
    '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    'spec.dependsOn[0].name: Required value',
    `spec.interval: Invalid value: "soon": spec.interval in body should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'`,
    'spec.prune: Invalid value: "string": spec.prune in body must be of type boolean: "string"',
    'spec.sourceRef.kind: Unsupported value: "Git": supported values: "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"',
    'spec.targetNamespace: Too long: may not be more than 63 bytes',
  ]);
});

test('unknown versions are reported', () => {
  assert.equal(
    validateObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v9', kind: 'Kustomization' })[0].field,
    'apiVersion',
  );
});
