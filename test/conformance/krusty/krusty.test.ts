/**
 * kustomize's own test suite as a conformance suite: the inputs of the tests of `api/krusty`
 * (in the Go module `sigs.k8s.io/kustomize/api` that kubectl's kustomize is built from) are read
 * at test time by a Go extractor (./extract), written to a temporary directory each, and built
 * by `kubectl kustomize` and the engine: outputs must be byte-identical, or both must fail. Cases
 * the extractor cannot follow statically are counted with their reason; cases listed in
 * known-failing.txt (each with its reason) are run and counted but do not fail the suite.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { haveGo } from '../../../src/toolchain/index.ts';
import { goOracle } from '../../support/go-oracle.ts';
import {
  assertSameOutcome,
  engineKustomize,
  kubectlKustomizeAsync,
  kubectlKustomizeVersion,
  type Outcome,
  readKnownFailing,
  sameOutcome,
  withoutKubectl,
} from '../../support/kustomize-compare.ts';

/** One case as the extractor prints it. */
interface KrustyCase {
  name: string;
  file: string;
  dir: string;
  expectError: boolean;
  files: { path: string; content: string }[];
}

interface Extracted {
  tests: number;
  cases: KrustyCase[];
  unextractable: { name: string; file: string; reason: string }[];
}

const here = import.meta.dirname;
const known = readKnownFailing(join(here, 'known-failing.txt'));
const skip =
  withoutKubectl || (haveGo() ? false : 'Go is not installed: the extractor reads kustomize’s tests');

/** `go mod download -json module@version`: the module's fields, `Dir` and `GoMod` among them. */
function download(module: string): { Dir: string; GoMod: string } {
  return JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', module], { encoding: 'utf8', cwd: here }),
  );
}

/** The `api/krusty` directory of the kustomize api module the installed kubectl embeds. */
function krustyDir(): string {
  const version = kubectlKustomizeVersion();
  if (!version) throw new Error('kubectl version --client names no kustomize version');
  const cli = download(`sigs.k8s.io/kustomize/kustomize/v5@${version}`);
  const api = /sigs\.k8s\.io\/kustomize\/api (v\S+)/.exec(readFileSync(cli.GoMod, 'utf8'))?.[1];
  if (!api) throw new Error(`the go.mod of kustomize ${version} requires no sigs.k8s.io/kustomize/api`);
  return join(download(`sigs.k8s.io/kustomize/api@${api}`).Dir, 'krusty');
}

async function extract(): Promise<Extracted> {
  const binary = await goOracle(join(here, 'extract'), 'krusty-extract');
  return JSON.parse(execFileSync(binary, [krustyDir()], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** Runs `tasks` at most `width` at a time (in order); each promise settles with its task. */
function pooled<T>(tasks: (() => Promise<T>)[], width: number): Promise<T>[] {
  let free = width;
  const waiting: (() => void)[] = [];
  const acquire = () => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return tasks.map(async (task) => {
    await acquire();
    try {
      return await task();
    } finally {
      release();
    }
  });
}

const extracted = skip ? undefined : await extract();
const work = mkdtempSync(join(tmpdir(), 'tsflux-krusty-'));
const counts = { identical: 0, bothFail: 0, differ: 0, knownDiffer: 0 };

function writeCase(c: KrustyCase, i: number): string {
  const root = join(work, String(i));
  mkdirSync(root, { recursive: true });
  for (const f of c.files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
  mkdirSync(join(root, c.dir), { recursive: true });
  return root;
}

if (!extracted) test('kustomize’s krusty tests build as kubectl builds them', { skip }, () => {});
else {
  const roots = extracted.cases.map(writeCase);
  // kubectl runs in child processes, two at a time, while the engine builds in this one
  const oracle = pooled<Outcome>(
    extracted.cases.map((c, i) => () => kubectlKustomizeAsync(join(roots[i], c.dir))),
    2,
  );

  test('the extractor follows most of the krusty tests', () => {
    assert.ok(extracted.cases.length >= 200, `only ${extracted.cases.length} cases extracted`);
  });

  test('every known-failing entry names a case and says why', () => {
    const names = new Set(extracted.cases.map((c) => c.name));
    for (const [name, reason] of known) {
      assert.ok(names.has(name), `known-failing.txt: ${name} is no krusty case`);
      assert.ok(reason !== '', `known-failing.txt: ${name} has no reason`);
    }
  });

  extracted.cases.forEach((c, i) => {
    test(`${c.file}: ${c.name}`, async (t) => {
      t.diagnostic(`case directory: ${join(roots[i], c.dir)}`);
      const expected = await oracle[i];
      const actual = engineKustomize(roots[i], c.dir);
      if (sameOutcome(expected, actual)) {
        if (expected.ok) counts.identical++;
        else counts.bothFail++;
        assert.ok(!known.has(c.name), `${c.name} now agrees with kubectl: remove it from known-failing.txt`);
        return;
      }
      if (known.has(c.name)) {
        counts.knownDiffer++;
        return;
      }
      counts.differ++;
      assertSameOutcome(expected, actual);
    });
  });

  after(() => {
    // TSFLUX_KRUSTY_KEEP=1 keeps the written cases (one directory each, numbered) for debugging
    if (process.env.TSFLUX_KRUSTY_KEEP) console.log(`krusty cases kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
    const { tests, cases, unextractable } = extracted;
    console.log(
      `test/conformance/krusty: ${tests} krusty tests, ${cases.length} cases: ${counts.identical} identical, ` +
        `${counts.bothFail} fail in both, ${counts.knownDiffer} differ (known-failing), ${counts.differ} differ; ` +
        `${unextractable.length} not extractable`,
    );
    const reasons = new Map<string, number>();
    for (const u of unextractable) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]))
      console.log(`  not extractable: ${n} ${reason}`);
  });
}
