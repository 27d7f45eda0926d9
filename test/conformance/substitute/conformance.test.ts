// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are envsubst templates, not JS templates
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toError } from '../../../src/engines/errors/index.ts';
import { envsubst, substituteObject } from '../../../src/engines/substitute/index.ts';
import { haveGo } from '../../../src/toolchain/index.ts';
import { runEnvsubstOracle, type SubstituteCase } from './oracle.ts';

const vars = {
  A: 'alpha',
  B: '',
  N: '42',
  T: 'true',
  P: 'path/to/file.tar.gz',
  U: 'héllo wörld',
  CSV: 'a,b,c',
};

const templates = [
  'plain text',
  '${A}',
  '$A and ${A}',
  'x${A}y${N}z',
  '$${A}',
  '$$A',
  '$$$',
  '$$${A}',
  'cost: $5',
  '${A:=def}',
  '${B:=def}',
  '${MISSING:=def}',
  '${MISSING:-def}',
  '${MISSING=def}',
  '${B=def}',
  '${MISSING:=}',
  '${MISSING:=a ${A} b}',
  '${MISSING:=${ALSO:=inner}}',
  '${MISSING-def}',
  '${MISSING:+x}',
  '${MISSING:?x}',
  '${A+x}',
  '${#A}',
  '${#U}',
  '${#}',
  '${A^}',
  '${A^^}',
  '${U^^}',
  '${A,}',
  '${A,,}',
  '${A:1}',
  '${A:1:2}',
  '${A:-2}',
  '${A: -2}',
  '${A:1:-1}',
  '${A:10}',
  '${A:x}',
  '${A:}',
  '${A:2:x}',
  '${P#*/}',
  '${P##*/}',
  '${P%.*}',
  '${P%%.*}',
  '${P#[a-p]}',
  '${P%[a-z]}',
  '${P#\\p}',
  '${P/o/0}',
  '${P//o/0}',
  '${P/#path/PATH}',
  '${P/%gz/GZ}',
  '${P//\\//:}',
  '${P//o}',
  '${P/o/}',
  '${CSV//,/ }',
  '${A',
  '${',
  '${}',
  '${ A }',
  '${A!}',
  '${1A}',
  '${A.b}',
  '${A}${B}${N}',
  '}${A}{',
  'key: "${N}"',
  '${A:=x}}',
  '${A/x',
];

test('envsubst text expansion matches fluxcd/pkg/envsubst', {
  skip: haveGo() ? false : 'the Go toolchain is not installed: cannot build the envsubst oracle',
}, async (t) => {
  const cases: SubstituteCase[] = [];
  for (const [i, text] of templates.entries()) {
    cases.push({ name: `lax-${i}`, text, vars, strict: false });
    cases.push({ name: `strict-${i}`, text, vars, strict: true });
  }
  const oracle = await runEnvsubstOracle(cases);
  for (const c of cases) {
    await t.test(`${c.name} ${JSON.stringify(c.text)}`, () => {
      const want = oracle.get(c.name);
      assert.ok(want, 'oracle gave no verdict');
      const lookup = c.strict
        ? (n: string) => (Object.hasOwn(vars, n) ? vars[n as keyof typeof vars] : undefined)
        : (n: string) => (Object.hasOwn(vars, n) ? vars[n as keyof typeof vars] : '');
      let got: { output?: string; error?: string };
      try {
        got = { output: envsubst(c.text as string, lookup) };
      } catch (e: unknown) {
        got = { error: toError(e).message };
      }
      assert.deepEqual(got, want.error !== undefined ? { error: want.error } : { output: want.output });
    });
  }
});

const objects: { name: string; object: unknown; vars: Record<string, string> }[] = [
  {
    name: 'configmap values',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '${A}', n: '${N}', t: '${T}', q: '"${N}"' },
    },
    vars,
  },
  {
    name: 'int replicas',
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: '${N}' },
    },
    vars,
  },
  {
    name: 'yaml 1.1 booleans',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { y: '${Y}', o: '${O}' } },
    vars: { Y: 'yes', O: 'off' },
  },
  {
    name: 'default in label',
    object: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns-${ENV:=dev}', labels: { env: '${ENV:=dev}' } },
    },
    vars: { X: '1' },
  },
  {
    name: 'multi-line script',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { 'run.sh': '#!/bin/sh\necho $HOME ${A}\necho $${A}\n' },
    },
    vars,
  },
  {
    name: 'undefined strict',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '${NOPE}' } },
    vars,
  },
  {
    name: 'colon in value',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '${V}' } },
    vars: { V: 'a: b' },
  },
  {
    name: 'long line',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: `${'word '.repeat(20)}\${A}` },
    },
    vars,
  },
  {
    name: 'long line with a spaced default',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: `${'word '.repeat(14)}\${MISSING:=several words of default} tail` },
    },
    vars,
  },
  {
    name: 'special characters in values',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '${Q}', b: 'x-${Q}', c: '${HASH}' },
    },
    vars: { Q: 'it\'s "quoted"', HASH: '#not a comment' },
  },
  {
    name: 'list and numbers',
    object: { apiVersion: 'v1', kind: 'List', items: [1, 2.5, '${N}', null, true], metadata: { name: 'l' } },
    vars,
  },
];

test('object substitution matches the Flux pipeline (JSON -> go-yaml v2 -> envsubst -> YAML)', {
  skip: haveGo() ? false : 'the Go toolchain is not installed: cannot build the envsubst oracle',
}, async (t) => {
  const cases: SubstituteCase[] = [];
  for (const o of objects)
    for (const strict of [false, true])
      cases.push({ name: `${o.name} strict=${strict}`, object: o.object, vars: o.vars, strict });
  const oracle = await runEnvsubstOracle(cases);
  for (const c of cases) {
    await t.test(c.name, () => {
      const want = oracle.get(c.name);
      assert.ok(want);
      if (want.error !== undefined) {
        assert.throws(
          () => substituteObject(c.object as Record<string, unknown>, c.vars, { strict: c.strict }),
          (e: Error) => {
            // go-yaml's parser messages are not reproduced; the stage that failed must match
            const yamlStage = 'YAMLToJSON: yaml: ';
            if (want.error?.startsWith(yamlStage))
              return e.message.startsWith(`envsubst error: ${yamlStage}`);
            return e.message === `envsubst error: ${want.error}`;
          },
        );
      } else {
        assert.deepEqual(
          substituteObject(c.object as Record<string, unknown>, c.vars, { strict: c.strict }),
          want.object,
        );
      }
    });
  }
});
