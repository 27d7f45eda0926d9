import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emitYaml, emitYamlDocument, jsonNode, naturalLess } from './index.ts';

// Expected texts below were printed by `kubectl kustomize` (kustomize v5.5.0) for these values.
const scalars: [string, string][] = [
  ['x', 'x'],
  ['y', '"y"'],
  ['yes', '"yes"'],
  ['on', '"on"'],
  ['Off', '"Off"'],
  ['true', '"true"'],
  ['null', '"null"'],
  ['', '""'],
  ['~', '"~"'],
  ['0123', '"0123"'],
  ['1.5', '"1.5"'],
  ['1e3', '"1e3"'],
  ['0x1F', '"0x1F"'],
  ['0o17', '"0o17"'],
  ['1_000', '"1_000"'],
  ['1:20', '"1:20"'],
  ['+1', '"+1"'],
  ['.5', '".5"'],
  ['.inf', '".inf"'],
  ['2001-12-14', '"2001-12-14"'],
  ['a: b', "'a: b'"],
  ['a #b', "'a #b'"],
  [' lead', "' lead'"],
  ['trail ', "'trail '"],
  ['*star', "'*star'"],
  ['- dash', "'- dash'"],
  ['-dash', '-dash'],
  ['?q', '?q'],
  ['x:', "'x:'"],
  ['a,b', 'a,b'],
  ["it's", "it's"],
  ['say "hi"', 'say "hi"'],
  ['a\tb', '"a\\tb"'],
  ['a\r\nb', '"a\\r\\nb"'],
  ['a\u0001b', '"a\\x01b"'],
  ['smile \u{1F600}', '"smile \\U0001F600"'],
  ['héllo', 'héllo'],
  ['<<', '<<'],
  ['=', '='],
];

test('scalar quoting matches kustomize', () => {
  for (const [value, text] of scalars) assert.equal(emitYamlDocument({ k: value }), `k: ${text}\n`, value);
});

test('block scalars pick chomping and indentation indicators', () => {
  assert.equal(emitYamlDocument({ k: 'line1\nline2' }), 'k: |-\n  line1\n  line2\n');
  assert.equal(emitYamlDocument({ k: 'line1\nline2\n' }), 'k: |\n  line1\n  line2\n');
  assert.equal(emitYamlDocument({ k: 'line1\nline2\n\n' }), 'k: |+\n  line1\n  line2\n\n');
  assert.equal(emitYamlDocument({ k: '  indented\nline2\n' }), 'k: |2\n    indented\n  line2\n');
  assert.equal(emitYamlDocument({ k: 'line1 \nline2' }), 'k: "line1 \\nline2"\n');
});

test('long scalars fold past column 80', () => {
  const long =
    'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu';
  assert.equal(
    emitYamlDocument({ data: { long } }),
    'data:\n  long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\n    pppp qqqq rrrr ssss tttt uuuu\n',
  );
  assert.equal(
    emitYamlDocument({ list: [long] }),
    'list:\n- aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss tttt uuuu\n',
  );
});

test('keys sort in go-yaml v2 natural order', () => {
  const keys = ['a10', 'B', '_u', '1', 'a9', 'N'];
  assert.deepEqual([...keys].sort(naturalLess), ['_u', '1', 'B', 'N', 'a9', 'a10']);
});

test('collections nest the way kustomize indents them', () => {
  assert.equal(
    emitYamlDocument({ l: [['nested', 'seq'], { a: 1, b: ['x'] }, {}, []] }),
    'l:\n- - nested\n  - seq\n- a: 1\n  b:\n  - x\n- {}\n- []\n',
  );
});

test('numbers print as after a JSON round trip', () => {
  const cases: [number, string][] = [
    [1, '1'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [1e20, '1e+20'],
    [0.1, '0.1'],
    [1234567.5, '1.2345675e+06'],
    [-(2 ** 63), '-9.223372036854776e+18'],
    [2 ** 64 - 2048, '18446744073709550000'],
  ];
  for (const [n, text] of cases) assert.equal(emitYamlDocument({ x: n }), `x: ${text}\n`, String(n));
});

// Expected texts below were printed by helm v4.1.4 (`{{ toYaml .Values }}`, i.e. sigs.k8s.io/yaml,
// and `{{ toYamlPretty .Values }}`, i.e. go-yaml v3) for these values.
test('text that only looks like a timestamp or a number stays plain', () => {
  for (const s of [
    '2001-01-01 10:00:00+01:00',
    '2001-01-01T10:00:00',
    '2001-13-45',
    '0x1p-2',
    '1e400',
    '.5e999',
  ])
    assert.equal(emitYamlDocument({ k: s }), `k: ${s}\n`, s);
  for (const s of ['2001-01-01T10:00:00Z', '2001-1-2 3:04:05', '2004-02-29'])
    assert.equal(emitYamlDocument({ k: s }), `k: "${s}"\n`, s);
});

test('keys longer than 128 bytes are written as explicit `? key` pairs', () => {
  const key = `longkey${'k'.repeat(130)}`;
  assert.equal(emitYamlDocument({ [key]: 1 }), `? ${key}\n: 1\n`);
});

test('a line separator inside a quoted scalar starts an indented line', () => {
  assert.equal(emitYamlDocument({ ls: 'x\u2028y: z' }), "ls: 'x\u2028  y: z'\n");
  assert.equal(emitYamlDocument({ l: 'a\u2028b\nc\n' }), 'l: |\n  a\u2028  b\n  c\n');
});

test('NEL read back from JSON text folds; go-yaml v3 without the round trip escapes it', () => {
  const nel = 'a \u0085 b\u0085\u0085c';
  assert.equal(emitYamlDocument({ nel }), 'nel: |-\n  a b\n  c\n');
  assert.equal(
    emitYaml({ t: 'map', entries: [['nel', { t: 'str', v: nel }]] }, { v3: true }),
    'nel: "a \\N b\\N\\Nc"\n',
  );
});

test('go-yaml v3 folds no scalar, single-quoted ones included', () => {
  const sq = `'q' ${'word '.repeat(20)}end: x`;
  const v2 = emitYaml(jsonNode({ sq }));
  const v3 = emitYaml(jsonNode({ sq }), { v3: true });
  assert.equal(v2, `sq: '''q'' ${'word '.repeat(15).trim()}\n  ${'word '.repeat(5)}end: x'\n`);
  assert.equal(v3, `sq: '''q'' ${'word '.repeat(20)}end: x'\n`);
});

test('go-yaml v3 indents sequences under their key', () => {
  const node = jsonNode({ l: ['a', { b: [1] }] });
  assert.equal(emitYaml(node), 'l:\n- a\n- b:\n  - 1\n');
  assert.equal(emitYaml(node, { v3: true }), 'l:\n  - a\n  - b:\n      - 1\n');
});
