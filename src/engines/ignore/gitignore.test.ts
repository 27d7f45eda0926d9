import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { IgnoreMatcher, sourceIgnoreMatcher } from './index.ts';

// each case: the patterns of a root .gitignore and paths to check; git check-ignore is the oracle
const CASES: { patterns: string; paths: string[] }[] = [
  { patterns: '*.log', paths: ['a.log', 'dir/b.log', 'dir/b.log.txt', 'log'] },
  { patterns: '/root-only.yaml', paths: ['root-only.yaml', 'sub/root-only.yaml'] },
  { patterns: 'build/', paths: ['build/x', 'build', 'sub/build/y', 'builds/z'] },
  { patterns: 'docs/*.md', paths: ['docs/a.md', 'docs/sub/b.md', 'x/docs/a.md'] },
  { patterns: '**/secret.yaml', paths: ['secret.yaml', 'a/b/secret.yaml', 'a/secret.yaml.bak'] },
  { patterns: 'a/**/z', paths: ['a/z', 'a/b/z', 'a/b/c/z', 'b/a/z'] },
  { patterns: 'logs/**', paths: ['logs/a', 'logs/a/b', 'logs'] },
  { patterns: '*.yaml\n!keep.yaml', paths: ['x.yaml', 'keep.yaml', 'd/keep.yaml'] },
  { patterns: 'vendor/\n!vendor/keep.go', paths: ['vendor/keep.go', 'vendor/other.go'] },
  {
    patterns: 'file?.txt\n[abc].md\n[!x]y.md',
    paths: ['file1.txt', 'file12.txt', 'a.md', 'd.md', 'zy.md', 'xy.md'],
  },
  { patterns: '# comment\n\n\\#hash\n\\!bang', paths: ['#hash', '!bang', 'comment'] },
  { patterns: 'name', paths: ['name', 'x/name', 'x/name/y', 'names'] },
  { patterns: 'x/y', paths: ['x/y', 'a/x/y', 'x/y/z'] },
];

test('gitignore matching agrees with git check-ignore', () => {
  let checked = 0;
  for (const c of CASES) {
    const repo = mkdtempSync(join(tmpdir(), 'ignore-'));
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, '.gitignore'), `${c.patterns}\n`);
    const m = new IgnoreMatcher().add(c.patterns);
    // a path that is the parent of another case path is a directory, every other one a file
    const isDirectory = (p: string) => c.paths.some((q) => q.startsWith(`${p}/`));
    for (const p of c.paths)
      mkdirSync(isDirectory(p) ? join(repo, p) : dirname(join(repo, p)), { recursive: true });
    for (const p of c.paths) if (!isDirectory(p)) writeFileSync(join(repo, p), '');
    for (const p of c.paths) {
      const isDir = isDirectory(p);
      let gitSays: boolean;
      try {
        execFileSync('git', ['-C', repo, 'check-ignore', '-q', '--no-index', p], { stdio: 'ignore' });
        gitSays = true;
      } catch {
        gitSays = false;
      }
      assert.equal(m.ignores(p, isDir), gitSays, `patterns ${JSON.stringify(c.patterns)}, path ${p}`);
      checked++;
    }
  }
  assert.ok(checked > 40);
});

test('Flux defaults, .sourceignore files and spec.ignore layer in order', () => {
  const m = sourceIgnoreMatcher([{ dir: 'apps', content: '*.txt\n' }], '!.github/keep.yaml\n/tmp/\n');
  assert.ok(m.ignores('.git/config'));
  assert.ok(m.ignores('.github/workflows/ci.yaml'));
  assert.ok(m.ignores('deep/.sops.yaml'));
  assert.ok(m.ignores('apps/notes.txt'));
  assert.ok(!m.ignores('notes.txt'), '.sourceignore applies below its own directory only');
  assert.ok(m.ignores('tmp/x', false));
  assert.ok(!m.ignores('apps/deploy.yaml'));
  assert.ok(m.ignores('.github/keep.yaml'), 'a file inside an excluded directory cannot be re-included');
});
