import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { toError } from '../../../src/engines/errors/index.ts';
import { Template } from '../../../src/engines/gotemplate/index.ts';
import { SPRIG_NAMES, sprigFuncs } from '../../../src/engines/sprig/index.ts';
import { decodeTypedData } from './typed-data.ts';

// The sprig case files are shared with the gotemplate conformance suite, which compares against
// the Go oracle live. The outputs stored in them were produced by that oracle (text/template +
// sprig v3.3.0 + semver v3.4.0, Helm v4.1.4's versions); checking against them here keeps the
// sprig tests runnable without a Go toolchain.
const CASES_DIR = join(import.meta.dirname, 'cases/sprig');

interface Case {
  name: string;
  template: string;
  output?: string;
  error?: string;
  check?: 'shape';
  /** JSON data in the conformance suite's typed encoding (`{"$int": "5"}`; plain numbers are float64). */
  data?: unknown;
}

function render(text: string, data: unknown): { output?: string; error?: string } {
  try {
    return {
      output: new Template('t')
        .funcs(sprigFuncs())
        .parse(text)
        .execute(decodeTypedData(data ?? null)),
    };
  } catch (e) {
    return { error: toError(e).message };
  }
}

test('sprigFuncs defines exactly the functions Helm v4 takes from sprig v3.3.0', () => {
  assert.deepEqual(Object.keys(sprigFuncs()).sort(), [...SPRIG_NAMES].sort());
});

for (const file of readdirSync(CASES_DIR).filter(
  (f) => f.endsWith('.yaml') && !f.startsWith('known-failing'),
)) {
  const { cases } = parse(readFileSync(join(CASES_DIR, file), 'utf8')) as { cases: Case[] };
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      const got = render(c.template, c.data);
      if (c.check === 'shape') {
        assert.match(got.output ?? `error: ${got.error}`, new RegExp(`^(?:${c.output})$`, 's'));
      } else if (c.error !== undefined) assert.deepEqual(got, { error: c.error });
      else assert.deepEqual(got, { output: c.output });
    });
  }
}
