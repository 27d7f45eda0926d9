import assert from 'node:assert/strict';
import { globSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { sharedDir, sharedPath, withoutShared } from '../../../test/support/shared.ts';
import { filesFromDirectory, loadChart } from './loader.ts';
import { splitManifests } from './manifests.ts';
import { renderChart, templateOutput } from './render.ts';
import { parseYamlFast } from './yaml-fast.ts';
import { parseYaml } from './yaml-read.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The full reader alone (what parseYaml did before the fast path), as the reference. */
function fullParse(text: string): unknown {
  const docs = parseAllDocuments(text, {
    version: '1.1',
    schema: 'yaml-1.1',
    customTags: (tags) =>
      tags.filter((t) => {
        const tag = (t as { tag?: string }).tag ?? '';
        const testRe = (t as { test?: RegExp }).test;
        return !tag.endsWith(':timestamp') && !(testRe && String(testRe).includes('(?::[0-5]?[0-9])'));
      }),
    uniqueKeys: false,
    merge: true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  return list[0] ? JSON.parse(JSON.stringify(list[0].toJS({ maxAliasCount: -1 }) ?? null)) : null;
}

function yamlFiles(): string[] {
  return [
    ...globSync('fixtures/charts/**/*.yaml', { cwd: sharedDir }).map((f) => resolve(sharedDir, f)),
    ...globSync('test/conformance/helm/**/*.yaml', { cwd: ROOT }),
  ].map((f) => resolve(ROOT, f));
}

test('the fast reader agrees with the full YAML parser on every chart and manifest it accepts', () => {
  let accepted = 0;
  let total = 0;
  for (const f of yamlFiles()) {
    const text = readFileSync(f, 'utf8');
    if (text.includes('{{')) continue;
    let reference: unknown;
    try {
      reference = fullParse(text);
    } catch {
      continue;
    }
    total++;
    const fast = parseYamlFast(text);
    if (!fast) continue;
    accepted++;
    assert.deepEqual(JSON.parse(JSON.stringify(fast.value)), reference, f);
  }
  // the project's own charts alone are fewer than shared/'s fixtures
  assert.ok(total > (withoutShared ? 20 : 50), `expected many YAML files, found ${total}`);
  process.stdout.write(`fast path: ${accepted}/${total}\n`);
  assert.ok(accepted / total > 0.7, `fast path took only ${accepted} of ${total} files`);
});

test('the fast reader hands anything unusual to the full parser', () => {
  for (const text of [
    'a: &x 1\nb: *x',
    'a: !!str 1',
    'a: b\n  c',
    '? a\n: b',
    'a: "x\n  y"',
    'a: 0x1F',
    'a: |2\n   x',
    'a:\tb',
  ]) {
    assert.equal(parseYamlFast(text), undefined, text);
  }
  assert.deepEqual(parseYaml('a: 0x1F'), { a: 31 });
});

test('scalars resolve as YAML 1.1 does in Helm', () => {
  assert.deepEqual(
    parseYamlFast(
      'a: yes\nb: Off\nc: ~\nd: 1.5\ne: "1"\nf: 2024-01-01\ng: 1:20\nh: [1, "x", {k: v}]\n"true": x\ni: >-\n  one\n  two\n\n  three\n',
    )!.value,
    {
      a: true,
      b: false,
      c: null,
      d: 1.5,
      e: '1',
      f: '2024-01-01',
      g: '1:20',
      h: [1, 'x', { k: 'v' }],
      true: 'x',
      i: 'one two\nthree',
    },
  );
});

test('the fast reader agrees with the full parser on every document the fixture charts render', {
  skip: withoutShared,
}, async () => {
  const charts = sharedPath('fixtures/charts');
  let docs = 0;
  for (const name of readdirSync(charts)) {
    const dir = resolve(charts, name);
    const chart = await loadChart(
      filesFromDirectory({
        list: (d) =>
          readdirSync(resolve(dir, d)).map((n) => ({
            name: n,
            isDirectory: statSync(resolve(dir, d, n)).isDirectory(),
          })),
        read: (f) => readFileSync(resolve(dir, f)),
      }),
    );
    const out = templateOutput(renderChart(chart, { releaseName: 'rel', namespace: 'ns' }));
    for (const doc of splitManifests(out)) {
      const fast = parseYamlFast(doc);
      if (!fast) continue;
      docs++;
      assert.deepEqual(JSON.parse(JSON.stringify(fast.value)), fullParse(doc), doc.slice(0, 200));
    }
  }
  assert.ok(docs > 20, `only ${docs} rendered documents took the fast path`);
});
