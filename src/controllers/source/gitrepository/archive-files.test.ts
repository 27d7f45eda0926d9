import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { archiveFiles } from './archive-files.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'archive-files-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const paths = async (root: string, ignore?: string) =>
  (await archiveFiles(root, ignore)).map((f) => f.path).sort();

test('default exclusions, nested .sourceignore and spec.ignore (last, so negations win)', async () => {
  const root = tree({
    '.git/config': 'x',
    '.github/workflows/ci.yaml': 'x',
    '.gitignore': 'x',
    'apps/.sourceignore': '*.tmp\n',
    'apps/a.yaml': 'a',
    'apps/b.tmp': 'b',
    'c.tmp': 'c',
    'docs/x.md': 'd',
    'keep/y.md': 'y',
  });
  try {
    assert.deepEqual(await paths(root), [
      'apps/.sourceignore',
      'apps/a.yaml',
      'c.tmp',
      'docs/x.md',
      'keep/y.md',
    ]);
    assert.deepEqual(await paths(root, '*.md\n!keep/y.md\n'), [
      'apps/.sourceignore',
      'apps/a.yaml',
      'c.tmp',
      'keep/y.md',
    ]);
    assert.deepEqual(await paths(root, '!apps/b.tmp\n'), [
      'apps/.sourceignore',
      'apps/a.yaml',
      'apps/b.tmp',
      'c.tmp',
      'docs/x.md',
      'keep/y.md',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('links inside the tree become copies, links outside or in a loop are left out; modes kept', async () => {
  const root = tree({ 'base/b.yaml': 'b', 'run.sh': '#!/bin/sh\n' });
  const outside = tree({ 'secret.txt': 's' });
  try {
    chmodSync(join(root, 'run.sh'), 0o755);
    symlinkSync('../base', join(root, 'base', 'loop'));
    symlinkSync('base', join(root, 'linked'));
    symlinkSync('base/b.yaml', join(root, 'file-link.yaml'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'outside.txt'));
    symlinkSync('nowhere', join(root, 'dangling'));
    const files = await archiveFiles(root);
    assert.deepEqual(files.map((f) => f.path).sort(), [
      'base/b.yaml',
      'file-link.yaml',
      'linked/b.yaml',
      'run.sh',
    ]);
    assert.equal(files.find((f) => f.path === 'run.sh')?.executable, true);
    assert.equal(files.find((f) => f.path === 'base/b.yaml')?.executable, false);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
