import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { sharedPath, withoutShared } from '../../../../test/support/shared.ts';
import type { CopyOperation } from '../../../api/source-extensions/v1beta1/index.ts';
import { createTarGz } from '../../../engines/artifact/index.ts';
import { applyCopyRules } from './copy-rules.ts';
import { FileTree } from './tree.ts';

const exampleRepo = sharedPath('fixtures/repos/flux2-kustomize-helm-example');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function diskTree(root: string): FileTree {
  const tree = new FileTree();
  for (const p of walk(root)) tree.write(relative(root, p), { data: readFileSync(p), executable: false });
  return tree;
}

function treeOf(files: Record<string, string>): FileTree {
  const tree = new FileTree();
  for (const [p, c] of Object.entries(files)) tree.write(p, { data: Buffer.from(c), executable: false });
  return tree;
}

const listing = (tree: FileTree) => [...tree.files.keys()].sort();
const text = (tree: FileTree, p: string) => Buffer.from(tree.files.get(p)?.data ?? []).toString();
const rule = (from: string, to: string, extra: Partial<CopyOperation> = {}): CopyOperation => ({
  from,
  to,
  ...extra,
});

test("the example fleet's staging generator splits the repository as its copy rules say", {
  skip: withoutShared,
}, async () => {
  const doc = parseAllDocuments(readFileSync(join(exampleRepo, 'clusters/staging/artifacts.yaml'), 'utf8'))
    .map((d) => d.toJS())
    .find((d) => d.kind === 'ArtifactGenerator');
  const sources = new Map([['monorepo', diskTree(exampleRepo)]]);
  const byName = Object.fromEntries(
    await Promise.all(
      doc.spec.artifacts.map(async (a: { name: string; copy: CopyOperation[] }) => [
        a.name,
        await applyCopyRules(a.copy, sources),
      ]),
    ),
  );
  // expected: the files on disk under each copied directory, re-rooted as the rules say
  const under = (dir: string, prefix: string) =>
    walk(join(exampleRepo, dir)).map((p) => prefix + relative(join(exampleRepo, dir), p));
  assert.deepEqual(listing(byName.infrastructure), under('infrastructure', '').sort());
  assert.deepEqual(
    listing(byName.apps),
    [...under('apps/base', 'base/'), ...under('apps/staging', 'staging/')].sort(),
  );
  assert.equal(
    text(byName.apps, 'staging/podinfo-values.yaml'),
    readFileSync(join(exampleRepo, 'apps/staging/podinfo-values.yaml'), 'utf8'),
  );
});

test('plain paths copy as cp does: files to a name or into a directory, directories by name', async () => {
  const sources = new Map([
    ['s', treeOf({ 'deploy/a.yaml': 'a', 'deploy/sub/b.yaml': 'b', 'env.yaml': 'e' })],
  ]);
  assert.deepEqual(
    listing(await applyCopyRules([rule('@s/env.yaml', '@artifact/cfg/values.yaml')], sources)),
    ['cfg/values.yaml'],
  );
  assert.deepEqual(listing(await applyCopyRules([rule('@s/env.yaml', '@artifact/cfg/')], sources)), [
    'cfg/env.yaml',
  ]);
  assert.deepEqual(listing(await applyCopyRules([rule('@s/deploy', '@artifact/out')], sources)), [
    'out/deploy/a.yaml',
    'out/deploy/sub/b.yaml',
  ]);
  // a glob that is not `dir/**` keeps the matched path
  assert.deepEqual(listing(await applyCopyRules([rule('@s/deploy/*.yaml', '@artifact/x/')], sources)), [
    'x/deploy/a.yaml',
  ]);
});

test('later rules overwrite, Merge deep-merges YAML, exclusions apply at any depth', async () => {
  const sources = new Map([
    [
      'a',
      treeOf({
        'values.yaml': 'image:\n  tag: v1\n  repo: x\nlist: [1, 2]\n',
        'docs/README.md': 'doc',
        'deploy/app.yaml': 'app',
      }),
    ],
    ['b', treeOf({ 'prod.yaml': 'image:\n  tag: v2\nlist: [3]\n' })],
  ]);
  const merged = await applyCopyRules(
    [
      rule('@a/values.yaml', '@artifact/values.yaml'),
      rule('@b/prod.yaml', '@artifact/values.yaml', { strategy: 'Merge' }),
    ],
    sources,
  );
  assert.equal(text(merged, 'values.yaml'), 'image:\n  repo: x\n  tag: v2\nlist:\n- 3\n');
  const over = await applyCopyRules(
    [rule('@a/values.yaml', '@artifact/values.yaml'), rule('@b/prod.yaml', '@artifact/values.yaml')],
    sources,
  );
  assert.equal(text(over, 'values.yaml'), 'image:\n  tag: v2\nlist: [3]\n');
  assert.deepEqual(
    listing(await applyCopyRules([rule('@a/**', '@artifact/', { exclude: ['*.md'] })], sources)),
    ['deploy/app.yaml', 'values.yaml'],
  );
});

test('failures name the rule and the reason', async () => {
  const sources = new Map([['s', treeOf({ 'a.yaml': 'a' })]]);
  await assert.rejects(
    () => applyCopyRules([rule('@s/missing/**', '@artifact/')], sources),
    /failed to apply copy operation from '@s\/missing\/\*\*' to '@artifact\/': no files match pattern 'missing\/\*\*' in source 's'/,
  );
  await assert.rejects(
    () => applyCopyRules([rule('@s/*.yaml', '@artifact/', { exclude: ['a.*'] })], sources),
    /all files matching pattern '\*\.yaml' in source 's' were excluded/,
  );
  await assert.rejects(
    () => applyCopyRules([rule('@x/a.yaml', '@artifact/')], sources),
    /source alias 'x' not found/,
  );
  await assert.rejects(
    () => applyCopyRules([rule('@s/nope.yaml', '@artifact/')], sources),
    /source 'nope.yaml' does not exist/,
  );
  await assert.rejects(
    () => applyCopyRules([rule('@s/a.yaml', '@artifact/../../x')], sources),
    /escapes the artifact root/,
  );
});

test('Extract unpacks tarballs matched by a glob (other files skipped) and refuses a plain non-tarball', async () => {
  const chart = await createTarGz([
    { path: 'podinfo/Chart.yaml', data: Buffer.from('name: podinfo\n') },
    { path: 'podinfo/values.yaml', data: Buffer.from('a: 1\n') },
  ]);
  const src = new FileTree();
  src.write('charts/podinfo-1.0.0.TGZ', { data: chart, executable: false });
  src.write('charts/README.md', { data: Buffer.from('x'), executable: false });
  const sources = new Map([['s', src]]);
  assert.deepEqual(
    listing(await applyCopyRules([rule('@s/charts/*', '@artifact/', { strategy: 'Extract' })], sources)),
    ['podinfo/Chart.yaml', 'podinfo/values.yaml'],
  );
  await assert.rejects(
    () => applyCopyRules([rule('@s/charts/README.md', '@artifact/', { strategy: 'Extract' })], sources),
    /extract strategy requires tarball file \(\.tar\.gz or \.tgz\), got 'charts\/README\.md'/,
  );
});
