// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are envsubst templates, not JS templates
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toError } from '../../../src/engines/errors/index.ts';
import { envsubst } from '../../../src/engines/substitute/index.ts';
import { haveGo } from '../../../src/toolchain/index.ts';
import { runEnvsubstOracle, type SubstituteCase } from './oracle.ts';

// Generated templates from the characters the envsubst scanner treats specially, compared with the
// real library: catches scanner corner cases no hand-written table thinks of. The generator is
// seeded, so a failure names a reproducible template.

const pieces = [
  '${',
  '}',
  '$',
  '$$',
  'A',
  'B',
  'U',
  'x',
  ':',
  '=',
  '-',
  '+',
  '?',
  '#',
  '##',
  '%',
  '/',
  '//',
  '^',
  ',',
  '\\',
  ' ',
  '*',
  '[a]',
  '1',
  'é',
  '\n',
];

function* templates(count: number): Generator<string> {
  let seed = 20260101;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; i < count; i++) {
    const len = 1 + (next() % 9);
    let t = '';
    for (let j = 0; j < len; j++) t += pieces[next() % pieces.length];
    yield t;
  }
}

const names = ['A', 'B', 'U', 'MISSING', 'P'];
const ops = [
  '',
  ':=',
  ':-',
  '=',
  '-',
  ':',
  '#',
  '##',
  '%',
  '%%',
  '/',
  '//',
  '/#',
  '/%',
  '^',
  '^^',
  ',',
  ',,',
  ':?',
  ':+',
  ':1',
  ':1:2',
  ':-2',
];
const args = [
  '',
  'x',
  '*',
  'p*',
  '*/',
  '[a-p]',
  '?',
  'e',
  '/',
  'a/b',
  '${A}',
  '${MISSING:=d}',
  ' ',
  '1',
  '-1',
  '\\/',
  '$$',
  'é',
];

/** Well-formed-looking expressions, so that most cases expand rather than fail to parse. */
function* expressions(count: number): Generator<string> {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const pick = <T>(list: T[]): T => list[next() % list.length] as T;
  for (let i = 0; i < count; i++) {
    let t = pick(['', 'pre-', '$x ']);
    const n = 1 + (next() % 2);
    for (let j = 0; j < n; j++)
      t += `\${${pick(names)}${pick(ops)}${pick(args)}${next() % 3 === 0 ? pick(args) : ''}}${pick(['', '-', ' '])}`;
    yield t;
  }
}

const vars = { A: 'apple/pie', B: '', U: 'ünï', P: 'path/to/file.tar.gz' };

test('generated envsubst templates match fluxcd/pkg/envsubst', {
  skip: haveGo() ? false : 'the Go toolchain is not installed: cannot build the envsubst oracle',
}, async () => {
  const cases: SubstituteCase[] = [];
  for (const [i, text] of [...templates(600), ...expressions(600)].entries()) {
    cases.push({ name: `lax-${i}`, text, vars, strict: false });
    cases.push({ name: `strict-${i}`, text, vars, strict: true });
  }
  const oracle = await runEnvsubstOracle(cases);
  const mismatches: string[] = [];
  let expanded = 0;
  for (const c of cases) {
    const want = oracle.get(c.name);
    assert.ok(want);
    const lookup = (n: string) =>
      Object.hasOwn(vars, n) ? vars[n as keyof typeof vars] : c.strict ? undefined : '';
    let got: { output?: string; error?: string };
    try {
      got = { output: envsubst(c.text as string, lookup) };
    } catch (e: unknown) {
      got = { error: toError(e).message };
    }
    const expected = want.error !== undefined ? { error: want.error } : { output: want.output };
    if (want.output !== undefined && want.output !== c.text) expanded++;
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      mismatches.push(
        `${c.name} ${JSON.stringify(c.text)}: got ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`,
      );
    }
  }
  assert.deepEqual(mismatches, []);
  // the generated set must exercise expansion, not only parse errors
  assert.ok(expanded > 500, `only ${expanded} cases expanded anything`);
});
