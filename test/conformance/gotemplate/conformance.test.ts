import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { toError } from '../../../src/engines/errors/index.ts';
import { type FuncMap, Template } from '../../../src/engines/gotemplate/index.ts';
import { haveGo } from '../../../src/toolchain/index.ts';
import { type ConformanceCase, loadCases, loadKnownFailingFiles } from './cases.ts';
import { knownFailing } from './known-failing.ts';
import { type OracleResult, runOracle } from './oracle.ts';
import { decodeTypedData } from './typed-data.ts';

// Conformance of the gotemplate engine (plus sprig) against real Go text/template + sprig v3.
const cases = loadCases();
const allKnownFailing: Record<string, string> = { ...knownFailing, ...loadKnownFailingFiles() };
let oracle = new Map<string, OracleResult>();
let funcs: FuncMap = {};
const stats = { passed: 0, failed: 0, knownFailing: 0, fixed: [] as string[] };

/** The sprig FuncMap when the sprig engine is present (it is developed alongside). */
async function loadSprig(): Promise<FuncMap> {
  try {
    const mod = (await import('../../../src/engines/sprig/index.ts')) as { sprigFuncs?: () => FuncMap };
    return mod.sprigFuncs?.() ?? {};
  } catch {
    return {};
  }
}

function render(c: ConformanceCase): { output?: string; error?: string } {
  try {
    const t = new Template(c.id).funcs(c.options?.funcs === 'none' ? {} : funcs);
    if (c.options?.missingkey) t.option(`missingkey=${c.options.missingkey}`);
    if (c.options?.delims) t.delims(c.options.delims[0], c.options.delims[1]);
    t.parse(c.template);
    return { output: t.execute(decodeTypedData(c.data ?? null)) };
  } catch (e) {
    return { error: toError(e).message };
  }
}

function check(c: ConformanceCase, want: OracleResult): void {
  const got = render(c);
  if (c.check === 'shape') {
    const re = new RegExp(`^(?:${c.pattern})$`, 's');
    assert.ok(
      want.output !== undefined && re.test(want.output),
      `oracle output ${JSON.stringify(want)} does not fit the pattern`,
    );
    assert.ok(
      got.output !== undefined && re.test(got.output),
      `got ${JSON.stringify(got)}, want pattern ${c.pattern}`,
    );
    return;
  }
  assert.deepEqual(got, { ...(want.output !== undefined ? { output: want.output } : { error: want.error }) });
}

before(async () => {
  funcs = await loadSprig();
  if (haveGo())
    oracle = await runOracle(
      cases.map((c) => ({ name: c.id, template: c.template, data: c.data ?? null, options: c.options })),
    );
});

for (const c of cases) {
  const reason = allKnownFailing[c.id];
  test(c.id, { skip: haveGo() ? false : 'the Go toolchain is needed for the oracle' }, () => {
    const want = oracle.get(c.id);
    assert.ok(want, 'oracle gave no result');
    if (reason) {
      try {
        check(c, want);
        stats.fixed.push(c.id);
      } catch {
        stats.knownFailing++;
      }
      return;
    }
    try {
      check(c, want);
      stats.passed++;
    } catch (e) {
      stats.failed++;
      throw e;
    }
  });
}

after(() => {
  console.log(
    `gotemplate conformance: ${cases.length} cases, ${stats.passed} passed, ${stats.failed} failed, ${stats.knownFailing} known-failing`,
  );
  if (stats.fixed.length)
    console.log(`known-failing cases that now pass (remove them from the list): ${stats.fixed.join(', ')}`);
});
