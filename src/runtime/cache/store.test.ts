import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../kube/index.ts';
import { objectKey, Store, splitKey } from './store.ts';

const cm = (namespace: string | undefined, name: string, refs: string[] = []): KubeObject => ({
  metadata: { namespace, name, annotations: { refs: refs.join(',') } },
});

test('objects are kept by key and listed by namespace', () => {
  const s = new Store();
  s.upsert(cm('a', 'x'));
  s.upsert(cm('a', 'y'));
  s.upsert(cm('b', 'x'));
  s.upsert(cm(undefined, 'global'));
  assert.equal(s.size, 4);
  assert.equal(objectKey(cm('a', 'x')), 'a/x');
  assert.equal(objectKey(cm(undefined, 'global')), 'global');
  assert.deepEqual(splitKey('a/x'), { namespace: 'a', name: 'x' });
  assert.deepEqual(splitKey('global'), { name: 'global' });
  assert.deepEqual(s.list('a').map(objectKey).sort(), ['a/x', 'a/y']);
  assert.deepEqual(s.list('').map(objectKey), ['global']);
  assert.equal(s.getByName('b', 'x')?.metadata?.name, 'x');
  assert.ok(s.remove('a/x'));
  assert.deepEqual(s.list('a').map(objectKey), ['a/y']);
  assert.equal(s.remove('a/x'), undefined);
});

test('custom indexes follow updates and removals', () => {
  const s = new Store();
  const byRef = (o: KubeObject) =>
    (o.metadata?.annotations?.refs ?? '')
      .split(',')
      .filter(Boolean)
      .map((r) => `${o.metadata?.namespace}/${r}`);
  s.upsert(cm('a', 'k1', ['secret1']));
  s.addIndex('refs', byRef);
  s.upsert(cm('a', 'k2', ['secret1', 'secret2']));
  assert.deepEqual(s.byIndex('refs', 'a/secret1').map(objectKey).sort(), ['a/k1', 'a/k2']);
  s.upsert(cm('a', 'k1', ['secret2']));
  assert.deepEqual(s.byIndex('refs', 'a/secret1').map(objectKey), ['a/k2']);
  assert.deepEqual(s.byIndex('refs', 'a/secret2').map(objectKey).sort(), ['a/k1', 'a/k2']);
  s.remove('a/k2');
  assert.deepEqual(s.byIndex('refs', 'a/secret1'), []);
  assert.throws(() => s.byIndex('nope', 'x'), /index 'nope' does not exist/);
  assert.throws(() => s.addIndex('refs', byRef), /already exists/);
});
