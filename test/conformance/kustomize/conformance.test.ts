/**
 * Conformance of the kustomize engine against the real tool: every case directory (and every
 * kustomization of the shared fixture repositories) is built by `kubectl kustomize` and by the
 * engine, and the outputs must be byte-identical; where kubectl fails, the engine must fail too.
 * Cases listed in known-failing.txt are run and counted but do not fail the suite.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  assertSameOutcome,
  engineKustomize,
  kubectlKustomize,
  kustomizationDirs,
  readKnownFailing,
  sameOutcome,
  withoutKubectl,
} from '../../support/kustomize-compare.ts';
import { sharedPath, withoutShared } from '../../support/shared.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const shared = sharedPath('fixtures', 'repos');

interface Case {
  name: string;
  root: string;
  dir: string;
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

const known = readKnownFailing(join(here, 'known-failing.txt'));
let passed = 0;
let failedKnown = 0;
let total = 0;

for (const c of cases()) {
  test(c.name, { skip: withoutKubectl }, () => {
    total++;
    const expected = kubectlKustomize(join(c.root, c.dir));
    const actual = engineKustomize(c.root, c.dir);
    if (sameOutcome(expected, actual)) {
      passed++;
      return;
    }
    if (known.has(c.name)) {
      failedKnown++;
      return;
    }
    assertSameOutcome(expected, actual);
  });
}

if (withoutShared)
  test('the fixture repositories build as kubectl builds them', { skip: withoutShared }, () => {});

after(() => {
  const rel = relative(repoRoot, here);
  console.log(`${rel}: ${total} cases, ${passed} pass, ${failedKnown} known-failing`);
});
