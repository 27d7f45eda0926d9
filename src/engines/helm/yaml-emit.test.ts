import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoInt } from '../gotemplate/index.ts';
import { naturalLess } from '../yaml/index.ts';
import { goJsonMarshal } from './go-json.ts';
import { toYaml, toYamlPretty } from './yaml-emit.ts';
import { parseValuesYaml } from './yaml-read.ts';

// Expected texts below were produced by helm v4.1.4 (`{{ toYaml .Values }}` / `{{ toJson .Values }}`
// over the same values), not by this implementation.

test('strings pick the quoting go-yaml v2 picks', () => {
  const v = parseValuesYaml(
    [
      's1: "multi\\nline\\n"',
      's3: "trailing space "',
      's5: "yes"',
      's8: "a: b"',
      's11: "-x"',
      's13: ""',
      's19: "it\'s"',
      's20: "tab\\there"',
      's36: "\'sq\'"',
      's40: "\\nleading newline"',
      's42: "2001-01-01"',
      's49: "="',
      's53: "emoji 😀"',
      's54: "line1\\nline2   \\nline3"',
    ].join('\n'),
  );
  assert.equal(
    toYaml(v),
    [
      's1: |',
      '  multi',
      '  line',
      "s3: 'trailing space '",
      's5: "yes"',
      "s8: 'a: b'",
      's11: -x',
      's13: ""',
      "s19: it's",
      's20: "tab\\there"',
      "s36: '''sq'''",
      's40: |2-',
      '',
      '  leading newline',
      's42: "2001-01-01"',
      's49: =',
      's53: "emoji \\U0001F600"',
      's54: "line1\\nline2   \\nline3"',
    ].join('\n'),
  );
});

test('long plain strings fold at 80 columns', () => {
  const s = `${'long '.repeat(23)}end`;
  assert.equal(
    toYaml({ s22: s }),
    's22: long long long long long long long long long long long long long long long long\n  long long long long long long long end',
  );
});

test('numbers, nesting and key order', () => {
  const v = parseValuesYaml(
    'n3: 1234567\nn4: 1234567.5\nn5: 0.000001\nn7: 1e20\nnested:\n  list:\n  - a\n  - {x: 1, y: [1, 2]}\n  - [p, q]\n  map: {k10: 1, k2: 2, K1: 3, a_b: 4, a-b: 5, "1": 6, "10": 7, "9": 8, a01b: 2, a1b: 1}\ne: {}\nl: []\nz: null',
  );
  assert.equal(
    toYaml(v),
    [
      'e: {}',
      'l: []',
      'n3: 1234567',
      'n4: 1.2345675e+06',
      'n5: 1e-06',
      'n7: 1e+20',
      'nested:',
      '  list:',
      '  - a',
      '  - "true":',
      '    - 1',
      '    - 2',
      '    x: 1',
      '  - - p',
      '    - q',
      '  map:',
      '    "1": 6',
      '    "9": 8',
      '    "10": 7',
      '    K1: 3',
      '    a-b: 5',
      '    a_b: 4',
      '    a1b: 1',
      '    a01b: 2',
      '    k2: 2',
      '    k10: 1',
      'z: null',
    ].join('\n'),
  );
  assert.ok(naturalLess('a2', 'a10') < 0);
});

test('toJson matches Go encoding/json', () => {
  assert.equal(
    goJsonMarshal({ b: '<&>', a: 1e21, c: 0.000001, d: new GoInt('int64', 5n), e: [true, null] }),
    '{"a":1e+21,"b":"\\u003c\\u0026\\u003e","c":0.000001,"d":5,"e":[true,null]}',
  );
});

test('toYamlPretty indents sequences, never folds, keeps floats in %g form', () => {
  const v = parseValuesYaml(
    `n3: 1234567\nlist:\n- a\n- {x: 1, y: [1, 2]}\n- [p, q]\ns22: ${'long '.repeat(23)}end\nyes: "yes"`,
  );
  assert.equal(
    toYamlPretty(v),
    [
      // the list of the toYaml test above, each sequence two columns further right
      'list:\n  - a\n  - "true":\n      - 1\n      - 2\n    x: 1\n  - - p\n    - q',
      'n3: 1.234567e+06',
      `s22: ${'long '.repeat(23)}end`,
      '"true": "yes"',
    ].join('\n'),
  );
});
