import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unifiedDiff } from './unified-diff.ts';

// the oracle is the real `diff -u` (GNU diffutils); headers differ (it prints file names and
// times), so only the hunks are compared
function gnuHunks(a: string, b: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-diff-'));
  try {
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    try {
      execFileSync('diff', ['-u', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
      return '';
    } catch (e: unknown) {
      const out = (e as { stdout: string }).stdout;
      return out.split('\n').slice(2).join('\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// [name, a, b, whether diff -u's alignment is the only minimal one (then hunks must be equal)]
const cases: [string, string, string, boolean?][] = [
  ['one changed line', 'a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nb\nc\nD\ne\nf\ng\nh\n'],
  ['insert at start', 'b\nc\n', 'a\nb\nc\n'],
  ['delete at end', 'a\nb\nc\n', 'a\nb\n'],
  [
    'two distant hunks',
    `${'x\n'.repeat(10)}a\n${'y\n'.repeat(10)}`,
    `${'x\n'.repeat(10)}b\n${'y\n'.repeat(9)}z\n`,
  ],
  ['nearby changes merge', '1\n2\n3\n4\n5\n6\n7\n8\n9\n', '1\n2\nthree\n4\n5\n6\nseven\n8\n9\n'],
  ['from empty', '', 'a\nb\n'],
];

// the real `patch` applies our diff to `a` and must produce `b`
function patched(a: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-patch-'));
  try {
    writeFileSync(join(dir, 'file'), a);
    execFileSync('patch', ['-s', join(dir, 'file')], { input: diff });
    return readFileSync(join(dir, 'file'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const [name, a, b, unique = true] of cases) {
  test(`unified diff: ${name}`, () => {
    const ours = unifiedDiff(a, b, { from: 'a', to: 'b' });
    assert.equal(patched(a, ours), b);
    if (unique) assert.equal(ours.split('\n').slice(2).join('\n'), gnuHunks(a, b));
  });
}

test('identical texts give no diff', () => {
  assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', { from: 'a', to: 'b' }), '');
});
