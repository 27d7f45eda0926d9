import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonMarshal } from '../../engines/helm/index.ts';
import { configDigest, mergeValues } from './values.ts';

const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: 'ConfigMap' as const,
  name,
  ...extra,
});

test('valuesFrom merge in order, then spec.values over them', () => {
  const merged = mergeValues(
    [
      { ref: cm('a'), text: 'replicaCount: 2\nimage: {tag: "1", repository: x}\n' },
      { ref: cm('b'), text: 'image: {tag: "2"}\n' },
      { ref: cm('skipped', { optional: true }) },
    ],
    { replicaCount: 3 },
  );
  assert.deepEqual(merged, { replicaCount: 3, image: { tag: '2', repository: 'x' } });
});

test('targetPath sets one typed value, commas kept; literal keeps a string', () => {
  const merged = mergeValues(
    [
      { ref: cm('a', { targetPath: 'ui.message' }), text: 'hello, world' },
      { ref: cm('b', { targetPath: 'replicaCount' }), text: '4' },
      { ref: cm('c', { targetPath: 'tag', literal: true }), text: '007' },
    ],
    undefined,
  );
  // typed as --set types them (an int64), which Go's JSON writes as a plain number
  assert.equal(goJsonMarshal(merged), '{"replicaCount":4,"tag":"007","ui":{"message":"hello, world"}}');
});

test('an unreadable document names its key and source', () => {
  assert.throws(
    () => mergeValues([{ ref: cm('bad', { valuesKey: 'v' }), text: 'a: [' }], {}),
    /^Error: unable to read values from key 'v' in ConfigMap 'bad': /,
  );
});

test('config digest: Go JSON of the values, sorted keys; empty values hash nothing', () => {
  assert.equal(configDigest({}), 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(configDigest({ b: 1, a: 2 }), configDigest({ a: 2, b: 1 }));
  assert.notEqual(configDigest({ a: 1 }), configDigest({ a: 2 }));
});
