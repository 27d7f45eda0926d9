import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPathOf, layoutKeys, UnsafeKeyError } from './object-paths.ts';

test('keys become relative paths with empty and dot segments dropped', () => {
  assert.equal(artifactPathOf('deploy/app.yaml'), 'deploy/app.yaml');
  assert.equal(artifactPathOf('a//b/./c.yaml'), 'a/b/c.yaml');
  assert.equal(artifactPathOf('dir with space/x+y.yaml'), 'dir with space/x+y.yaml');
});

test('absolute keys, .. segments and NUL bytes are refused', () => {
  for (const key of ['/etc/passwd', '../x', 'a/../../x', 'a/..', 'a\0b', '.', './'])
    assert.throws(() => artifactPathOf(key), UnsafeKeyError, key);
});

test("a key that is another key's directory, or two keys on one path, are refused", () => {
  assert.throws(() => layoutKeys(['a', 'a/b']), /needs 'a' to be a directory/);
  assert.throws(() => layoutKeys(['a//b', 'a/b']), /map to the same file/);
  assert.deepEqual(
    [...layoutKeys(['x/y', 'x/z', 'w']).entries()],
    [
      ['x/y', 'x/y'],
      ['x/z', 'x/z'],
      ['w', 'w'],
    ],
  );
});
