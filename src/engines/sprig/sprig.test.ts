import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { sprigFuncs } from './index.ts';
import { SPRIG_NAMES } from './names.ts';
import { renderWith } from './test-eval.ts';

// The case files are shared with the gotemplate conformance runner; their expected outputs come
// from real text/template + sprig. Until the gotemplate executor runs, this test evaluates them
// with a stop-gap evaluator, skipping (with the reason) cases that need template syntax it lacks.
const CASES_DIR = join(import.meta.dirname, '../../../test/conformance/gotemplate/cases/sprig');

interface Case {
  name: string;
  template: string;
  output?: string;
  error?: string;
  check?: 'shape';
}

const builtins = {
  len: (v: unknown) => BigInt(typeof v === 'string' ? Buffer.byteLength(v) : (v as unknown[]).length),
};
const funcs = { ...sprigFuncs(), ...builtins };

// Functions of sprig not yet written; the cases using them are skipped until they are.
const knownMissing = new Set<string>(SPRIG_NAMES.filter((n) => !(n in funcs)));

const unsupported = /\$|\{\{-?\s*(if|range|with|define|template|end|else)\b|\{\{[^}]*\s\.[A-Za-z]/;

for (const file of readdirSync(CASES_DIR).filter((f) => f.endsWith('.yaml'))) {
  const { cases } = parse(readFileSync(join(CASES_DIR, file), 'utf8')) as { cases: Case[] };
  for (const c of cases) {
    const skip = unsupported.test(c.template)
      ? 'needs the gotemplate executor (variables, data or control)'
      : false;
    test(`${file}: ${c.name}`, { skip }, (t) => {
      const missing = [...c.template.matchAll(/[a-zA-Z]\w*/g)].find(
        ([w]) => /^(to|from|must)?[A-Z]?[a-z]/.test(w) && knownMissing.has(w),
      );
      if (missing) return t.skip(`${missing[0]} is not implemented yet`);
      if (c.error !== undefined) {
        assert.throws(
          () => renderWith(funcs, c.template),
          (e: Error) => {
            const tail = /error calling .*/s.exec(c.error!)?.[0];
            if (tail) assert.equal(e.message, tail);
            return true;
          },
        );
        return;
      }
      const out = renderWith(funcs, c.template);
      if (c.check === 'shape') assert.match(out, new RegExp(`^(?:${c.output})$`, 's'));
      else assert.equal(out, c.output);
    });
  }
}
