import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../kube/index.ts';
import { loadObject } from './load-object.ts';

test('loadObject returns a private copy with kind and apiVersion filled in, or undefined', () => {
  const cached: KubeObject = { metadata: { name: 'a', namespace: 'ns', labels: { x: '1' } } };
  const cache = {
    get: (ns: string | undefined, name: string) => (ns === 'ns' && name === 'a' ? cached : undefined),
  };
  const obj = loadObject(cache, { namespace: 'ns', name: 'a' }, { kind: 'Widget', apiVersion: 'g/v1' });
  assert.equal(obj?.kind, 'Widget');
  assert.equal(obj?.apiVersion, 'g/v1');
  // the run changes its copy, never the cache
  if (obj?.metadata?.labels) obj.metadata.labels.x = '2';
  assert.equal(cached.metadata?.labels?.x, '1');
  assert.equal(cached.kind, undefined);
  assert.equal(loadObject(cache, { namespace: 'ns', name: 'gone' }, { kind: 'Widget' }), undefined);
  const kindOnly = loadObject(cache, { namespace: 'ns', name: 'a' }, { kind: 'Widget' });
  assert.equal(kindOnly?.apiVersion, undefined);
});
