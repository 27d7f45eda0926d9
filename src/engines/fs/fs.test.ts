import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DiskFS, FsError, joinPath, MemoryFS, normalizePath } from './index.ts';

test('normalizePath resolves dots and refuses to climb above the root', () => {
  assert.equal(normalizePath('a/./b/../c'), 'a/c');
  assert.equal(normalizePath('/a//b/'), 'a/b');
  assert.equal(normalizePath('.'), '');
  assert.throws(
    () => normalizePath('a/../../b'),
    (e: unknown) => e instanceof FsError && e.code === 'Escape',
  );
  assert.equal(joinPath('a/b', '../c'), 'a/c');
  assert.equal(joinPath('a/b', '/c'), 'c');
});

test('MemoryFS lists, reads and reports directories', () => {
  const fs = new MemoryFS({ 'a/b.yaml': 'x: 1\n', 'a/c/d.txt': 'd', 'top.txt': 't' });
  assert.deepEqual(fs.readDir(''), ['a', 'top.txt']);
  assert.deepEqual(fs.readDir('a'), ['b.yaml', 'c']);
  assert.equal(fs.readFile('/a/b.yaml'), 'x: 1\n');
  assert.ok(fs.isDir('a/c'));
  assert.ok(!fs.exists('nope'));
  assert.throws(
    () => fs.readFile('a'),
    (e: unknown) => e instanceof FsError && e.code === 'IsDir',
  );
  assert.throws(
    () => fs.readFile('../etc/passwd'),
    (e: unknown) => e instanceof FsError && e.code === 'Escape',
  );
});

const tmp = mkdtempSync(join(tmpdir(), 'tsflux-fs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('DiskFS stays inside its root, symlinks included', () => {
  const root = join(tmp, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'sub', 'f.txt'), 'inside');
  writeFileSync(join(tmp, 'secret.txt'), 'outside');
  symlinkSync(join(tmp, 'secret.txt'), join(root, 'link-out'));
  symlinkSync(join(root, 'sub', 'f.txt'), join(root, 'link-in'));
  const fs = new DiskFS(root);
  assert.equal(fs.readFile('sub/f.txt'), 'inside');
  assert.equal(fs.readFile('link-in'), 'inside');
  assert.deepEqual(fs.readDir('.'), ['link-in', 'link-out', 'sub']);
  assert.throws(
    () => fs.readFile('link-out'),
    (e: unknown) => e instanceof FsError && e.code === 'Escape',
  );
  assert.throws(
    () => fs.readFile('../secret.txt'),
    (e: unknown) => e instanceof FsError && e.code === 'Escape',
  );
  assert.throws(
    () => fs.exists('link-out'),
    (e: unknown) => e instanceof FsError && e.code === 'Escape',
  );
  assert.equal(fs.readFile(`/${'sub/f.txt'}`), 'inside', 'absolute paths are taken from the root');
  assert.ok(!fs.exists('missing'));
});
