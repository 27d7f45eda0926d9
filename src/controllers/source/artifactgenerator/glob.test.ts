import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileDoublestar, compileSegment, excludeMatcher, glob, type TreeView } from './glob.ts';

function treeOf(files: string[]): TreeView {
  const dirs = new Set<string>(['']);
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const all = [...dirs, ...files].filter((p) => p !== '');
  return {
    isDir: (p) => dirs.has(p),
    list: (d) =>
      all
        .filter((p) =>
          d === '' ? !p.includes('/') : p.startsWith(`${d}/`) && !p.slice(d.length + 1).includes('/'),
        )
        .map((p) => p.slice(p.lastIndexOf('/') + 1))
        .sort(),
  };
}

const tree = treeOf([
  'apps/base/podinfo/release.yaml',
  'apps/base/podinfo/kustomization.yaml',
  'apps/staging/kustomization.yaml',
  'infrastructure/controllers/kustomization.yaml',
  'infrastructure/configs/issuer.yaml',
  'README.md',
  '.hidden',
]);

test("go path.Match segments: '*' and '**' stop at '/', '?' is one character, classes", () => {
  assert.ok(compileSegment('*.yaml').test('a.yaml'));
  assert.ok(!compileSegment('*.yaml').test('a/b.yaml'));
  assert.ok(compileSegment('**').test('.hidden'));
  assert.ok(compileSegment('?.md').test('a.md'));
  assert.ok(compileSegment('[a-c]x').test('bx'));
  assert.ok(!compileSegment('[^a-c]x').test('bx'));
});

test("fs.Glob: 'dir/**' lists the directory's entries, not the whole subtree", () => {
  assert.deepEqual(glob(tree, 'infrastructure/**'), ['infrastructure/configs', 'infrastructure/controllers']);
  assert.deepEqual(glob(tree, 'apps/*/kustomization.yaml'), ['apps/staging/kustomization.yaml']);
  assert.deepEqual(glob(tree, 'apps/**/*.yaml'), ['apps/staging/kustomization.yaml']);
  assert.deepEqual(glob(tree, '**'), ['.hidden', 'README.md', 'apps', 'infrastructure']);
  assert.deepEqual(glob(tree, 'nothing/*'), []);
});

test('doublestar exclusions span directories and accept alternatives', () => {
  assert.ok(compileDoublestar('**/*.md').test('a/b/c.md'));
  assert.ok(compileDoublestar('**/*.md').test('c.md'));
  assert.ok(compileDoublestar('docs/**').test('docs'));
  assert.ok(compileDoublestar('docs/**').test('docs/a/b'));
  assert.ok(!compileDoublestar('docs/**').test('docsx'));
  assert.ok(compileDoublestar('*.{yaml,yml}').test('a.yml'));
  const excluded = excludeMatcher(['*.md', 'tests/**']);
  assert.ok(excluded('deep/dir/README.md'));
  assert.ok(excluded('tests/x/y.yaml'));
  assert.ok(!excluded('deploy/x.yaml'));
  assert.throws(() => excludeMatcher(['[abc']), /invalid exclude pattern '\[abc'/);
});
