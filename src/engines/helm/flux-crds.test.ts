import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crdObjects, fluxCrdPolicy } from './flux-crds.ts';

test('the CRD policy of an install or upgrade, with Flux defaults', () => {
  assert.equal(fluxCrdPolicy('install', {}), 'Create');
  assert.equal(fluxCrdPolicy('install', { install: { crds: 'CreateReplace' } }), 'CreateReplace');
  assert.equal(fluxCrdPolicy('install', { install: { skipCRDs: true, crds: 'Create' } }), 'Skip');
  assert.equal(fluxCrdPolicy('upgrade', {}), 'Skip');
  assert.equal(fluxCrdPolicy('upgrade', { install: { crds: 'CreateReplace' } }), 'Skip');
  assert.equal(fluxCrdPolicy('upgrade', { upgrade: { crds: 'Create' } }), 'Create');
});

test('every document of the CRD files, empty ones left out', () => {
  const file = (path: string, text: string) => ({ path, data: new TextEncoder().encode(text) });
  const objects = crdObjects([
    file('c/crds/a.yaml', 'kind: CustomResourceDefinition\nmetadata: {name: a}\n---\n# nothing\n---\n'),
    file('c/charts/d/crds/b.yaml', 'kind: CustomResourceDefinition\nmetadata: {name: b}\n'),
  ]);
  assert.deepEqual(
    objects.map((o) => o.metadata?.name),
    ['a', 'b'],
  );
});
