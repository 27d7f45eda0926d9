import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKeys, emitYamlDocument, formatNumber } from './yaml-emit.ts';

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
  assert.deepEqual([...keys].sort(compareKeys), ['_u', '1', 'B', 'N', 'a9', 'a10']);
});

test('collections nest the way kustomize indents them', () => {
  assert.equal(
    emitYamlDocument({ l: [['nested', 'seq'], { a: 1, b: ['x'] }, {}, []] }),
    'l:\n- - nested\n  - seq\n- a: 1\n  b:\n  - x\n- {}\n- []\n',
  );
});

test('numbers print as after a JSON round trip', () => {
  assert.equal(formatNumber(1), '1');
  assert.equal(formatNumber(1.5), '1.5');
  assert.equal(formatNumber(1e21), '1e+21');
  assert.equal(formatNumber(1e20), '1e+20');
  assert.equal(formatNumber(0.1), '0.1');
});
