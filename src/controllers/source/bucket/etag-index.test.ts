import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EtagIndex } from './etag-index.ts';

// Expected digests come from `printf '<lines>' | sha256sum` over the line format Flux's
// index.Digester writes (its String test: "bar baz\nfoo bar\n" for {foo: bar, bar: baz}).
test('revision is sha256 over sorted "<key> <etag>\\n" lines, as Flux digests its index', () => {
  const index = new EtagIndex();
  index.set('foo', 'bar');
  index.set('bar', 'baz');
  assert.equal(index.toString(), 'bar baz\nfoo bar\n');
  assert.equal(index.revision(), 'sha256:5da7dfe37b54ea1d5ebffb643d67b09d888635b2fe031763fbb856ea5290fda0');
});

test('an empty index digests the empty string', () => {
  assert.equal(
    new EtagIndex().revision(),
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
});

test('keys sort by UTF-8 bytes (Go order), not by UTF-16 code units', () => {
  const index = new EtagIndex();
  index.set('a/😀.yaml', 'e2'); // F0 9F 98 80, but D83D in UTF-16
  index.set('a/ａ.yaml', 'e3'); // EF BD 81, FF41 in UTF-16
  index.set('a/ÿ.yaml', 'e1');
  assert.deepEqual(index.sortedKeys(), ['a/ÿ.yaml', 'a/ａ.yaml', 'a/😀.yaml']);
  assert.equal(index.revision(), 'sha256:91405a968020af61a4b19d64a6434a5fde39f7a45ea7bdf99ed1a9cda4ef91eb');
});

test('replacing and deleting entries change the revision', () => {
  const index = new EtagIndex();
  index.set('foo.yaml', 'etag0');
  index.set('foo.yaml', 'etag1');
  index.set('gone.yaml', 'x');
  index.delete('gone.yaml');
  assert.equal(index.size, 1);
  assert.equal(index.revision(), 'sha256:842c46eb819545d2fec995ae0ee6fa9d74c8b1b93c239940568f8d82c721c684');
});
