import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adler32, contentHash } from './content-hash.ts';
import { FileTree } from './tree.ts';

test('adler32 matches zlib', () => {
  // reference values from Python's zlib.adler32 (the long input crosses the 5552-byte blocks)
  assert.equal(adler32(Buffer.from('')), 1);
  assert.equal(adler32(Buffer.from('Wikipedia')), 300286872);
  assert.equal(adler32(Buffer.alloc(100_000, 0xff)), 345649196);
});

test('the content hash changes with content and names, not with insertion order', () => {
  const a = new FileTree();
  a.write('x/a.yaml', { data: Buffer.from('a'), executable: false });
  a.write('b.yaml', { data: Buffer.from('b'), executable: false });
  const b = new FileTree();
  b.write('b.yaml', { data: Buffer.from('b'), executable: false });
  b.write('x/a.yaml', { data: Buffer.from('a'), executable: false });
  assert.equal(contentHash('apps', a), contentHash('apps', b));
  assert.notEqual(contentHash('apps', a), contentHash('infra', a));
  b.write('b.yaml', { data: Buffer.from('B'), executable: false });
  assert.notEqual(contentHash('apps', a), contentHash('apps', b));
  assert.match(contentHash('apps', a), /^\d+$/);
});
