/**
 * Conformance of the kustomize engine against the real tool: every case directory (and every
 * kustomization of the shared fixture repositories) is built by `kubectl kustomize` and by the
 * engine, and the outputs must be byte-identical; where kubectl fails, the engine must fail too.
 * Cases listed in known-failing.txt are run and counted but do not fail the suite.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DiskFS } from '../../../src/engines/fs/index.ts';
import { build, emitYamlStream } from '../../../src/engines/kustomize/index.ts';
import { sharedPath, withoutShared } from '../../support/shared.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const shared = sharedPath('fixtures', 'repos');

interface Case {
  name: string;
  root: string;
  dir: string;
}

function kustomizationDirs(root: string, rel = ''): string[] {
  const out: string[] = [];
  const abs = join(root, rel);
  if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(abs, f))))
    out.push(rel);
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('.'))
      out.push(...kustomizationDirs(root, rel ? `${rel}/${e.name}` : e.name));
  }
  return out;
}

function cases(): Case[] {
  const out: Case[] = [];
  const caseRoot = join(here, 'cases');
  for (const name of readdirSync(caseRoot).sort()) {
    // a case is a small tree; its entry point is `overlay/` when present, else the case itself
    const root = join(caseRoot, name);
    const dir = existsSync(join(root, 'overlay')) ? 'overlay' : '.';
    out.push({ name: `cases/${name}`, root, dir });
  }
  // without shared/, its repositories are one skipped test (below) rather than ENOENT
  for (const repo of withoutShared ? [] : ['podinfo-deploy', 'flux2-kustomize-helm-example']) {
    const root = join(shared, repo);
    if (!existsSync(root)) continue;
    for (const dir of kustomizationDirs(root)) out.push({ name: `${repo}/${dir}`, root, dir });
  }
  return out;
}

function knownFailing(): Set<string> {
  const text = readFileSync(join(here, 'known-failing.txt'), 'utf8');
  return new Set(
    text
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean),
  );
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;
const known = knownFailing();
let passed = 0;
let failedKnown = 0;
let total = 0;

function kubectlKustomize(dir: string): { ok: boolean; out: string } {
  try {
    return {
      ok: true,
      out: execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: 'pipe' }),
    };
  } catch (e) {
    return { ok: false, out: String((e as { stderr?: string }).stderr ?? e) };
  }
}

function engine(c: Case): { ok: boolean; out: string } {
  const r = build(new DiskFS(c.root), c.dir);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { ok: false, out: errors.map((d) => d.message).join('\n') };
  return { ok: true, out: emitYamlStream(r.resources) };
}

for (const c of cases()) {
  test(c.name, { skip: haveKubectl ? false : 'kubectl is not installed: it is the oracle' }, () => {
    total++;
    const expected = kubectlKustomize(join(c.root, c.dir));
    const actual = engine(c);
    const same = expected.ok === actual.ok && (!expected.ok || expected.out === actual.out);
    if (same) {
      passed++;
      return;
    }
    if (known.has(c.name)) {
      failedKnown++;
      return;
    }
    if (!expected.ok) assert.fail(`kubectl failed (${expected.out.trim()}) but the engine succeeded`);
    if (!actual.ok) assert.fail(`engine failed: ${actual.out}`);
    assert.equal(actual.out, expected.out);
  });
}

if (withoutShared)
  test('the fixture repositories build as kubectl builds them', { skip: withoutShared }, () => {});

after(() => {
  const rel = relative(repoRoot, here);
  console.log(`${rel}: ${total} cases, ${passed} pass, ${failedKnown} known-failing`);
});
