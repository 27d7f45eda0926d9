import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ObservedSource, observedSourcesDigest } from './sources.ts';

test("the observed sources digest hashes source-watcher's sorted alias=[...] lines, origin revision excluded", () => {
  const a: ObservedSource = {
    digest: 'sha256:1',
    revision: 'main@sha1:1',
    url: 'http://x/a',
    originRevision: 'ignored',
  };
  const b: ObservedSource = { digest: 'sha256:2', revision: 'v2', url: 'http://x/b' };
  // expected: Python's hashlib over the same lines, sorted and joined with '|'
  const expected = 'sha256:1055ed414893d02ab318a11fa3e71a325a1f4ac81cd725b57cfa53618c986e93';
  assert.equal(
    observedSourcesDigest(
      new Map([
        ['b', b],
        ['a', a],
      ]),
    ),
    expected,
  );
  assert.equal(
    observedSourcesDigest(
      new Map([
        ['a', { ...a, originRevision: undefined }],
        ['b', b],
      ]),
    ),
    expected,
  );
  assert.notEqual(
    observedSourcesDigest(
      new Map([
        ['a', { ...a, revision: 'main@sha1:2' }],
        ['b', b],
      ]),
    ),
    expected,
  );
});
