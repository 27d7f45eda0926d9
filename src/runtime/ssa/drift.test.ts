import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasDrifted, removePointer } from './drift.ts';

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'apps',
    labels: { app: 'web', tier: 'front' },
    resourceVersion: '10',
    generation: 2,
    managedFields: [{ manager: 'kustomize-controller' }],
  },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'a:1' }] } } },
  status: { replicas: 2 },
};

test('server bookkeeping and status are not drift; a spec change is', () => {
  const dryRun = structuredClone(live);
  dryRun.metadata.resourceVersion = '11';
  dryRun.metadata.generation = 3;
  dryRun.metadata.managedFields = [];
  dryRun.status = { replicas: 0 };
  assert.equal(hasDrifted(live, dryRun), false);
  dryRun.spec.replicas = 3;
  assert.equal(hasDrifted(live, dryRun), true);
  assert.equal(hasDrifted(undefined, dryRun), true, 'a missing object has drifted');
});

test('a live object without apiVersion and kind (an item of a LIST) is not drift', () => {
  const { apiVersion: _v, kind: _k, ...listed } = structuredClone(live);
  assert.equal(hasDrifted(listed, structuredClone(live)), false);
  const dryRun = structuredClone(live);
  dryRun.spec.replicas = 3;
  assert.equal(hasDrifted(listed, dryRun), true);
});

test('ignore rules leave their paths out, only for the objects they target', () => {
  const dryRun = structuredClone(live);
  dryRun.spec.replicas = 5;
  assert.equal(hasDrifted(live, dryRun, [{ paths: ['/spec/replicas'] }]), false);
  assert.equal(
    hasDrifted(live, dryRun, [{ paths: ['/spec/replicas'], target: { kind: 'StatefulSet' } }]),
    true,
  );
  assert.equal(
    hasDrifted(live, dryRun, [
      { paths: ['/spec/replicas'], target: { group: 'apps', name: 'w.*', labelSelector: 'tier in (front)' } },
    ]),
    false,
  );
});

test('JSON pointers unescape ~1 and ~0 and index arrays', () => {
  const doc = { metadata: { annotations: { 'a/b': 'x', 'c~d': 'y', keep: 'z' } }, list: [1, 2, 3] };
  removePointer(doc, '/metadata/annotations/a~1b');
  removePointer(doc, '/metadata/annotations/c~0d');
  removePointer(doc, '/list/1');
  removePointer(doc, '/not/there');
  assert.deepEqual(doc, { metadata: { annotations: { keep: 'z' } }, list: [1, 3] });
});

test('ignore targets are kustomize selectors: patterns in every field, the same matcher as patch targets', () => {
  const dryRun = structuredClone(live);
  dryRun.spec.replicas = 5;
  const ignored = (target: object) => !hasDrifted(live, dryRun, [{ paths: ['/spec/replicas'], target }]);
  // group, version and kind were literals here while kustomize build read them as patterns
  assert.equal(ignored({ kind: 'Deploy.*' }), true);
  assert.equal(ignored({ group: 'app.', version: 'v.' }), true);
  assert.equal(ignored({ kind: 'Deploy' }), false, 'anchored: the whole kind must match');
  assert.equal(ignored({ name: 'we' }), false);
  assert.equal(ignored({ namespace: 'app.', labelSelector: 'app=web,!gone' }), true);
  assert.equal(ignored({ labelSelector: 'app notin (web)' }), false);
  assert.throws(() => ignored({ name: '(' }), /error parsing regexp/);
});
