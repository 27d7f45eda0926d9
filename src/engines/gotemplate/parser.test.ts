import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lex } from './lexer.ts';
import { nodeString } from './nodes.ts';
import { parseTemplate } from './parser.ts';

// Tree strings below are what Go 1.26's text/template/parse prints for the same sources (Root.String()).
const known = new Set(['printf', 'index', 'len', 'print']);
const parse = (src: string) => parseTemplate('t', src, { hasFunction: (n) => known.has(n) });

const trees: [string, Record<string, string>][] = [
  ['{{if .a}}x{{else if .b}}y{{else}}z{{end}}', { t: '{{if .a}}x{{else}}{{if .b}}y{{else}}z{{end}}{{end}}' }],
  ['{{range $i, $e := .l}}{{$i}}{{end}}', { t: '{{range $i, $e := .l}}{{$i}}{{end}}' }],
  ['{{with $x := .a | printf "%v"}}{{$x}}{{end}}', { t: '{{with $x := .a | printf "%v"}}{{$x}}{{end}}' }],
  ['{{- /* c */ -}}  a {{- .x -}}  b', { t: 'a{{.x}}b' }],
  ['{{block "b" .}}in{{end}}', { t: '{{template "b" .}}', b: 'in' }],
  ['{{define "d"}}D{{end}}', { t: '', d: 'D' }],
  ['{{template "t" (index . 1).x.y}}', { t: '{{template "t" (index . 1).x.y}}' }],
  [
    `{{ $.a.b | len }} {{ "s" }} {{ 1.5 }} {{ 'x' }} {{ nil | print }}`,
    { t: `{{$.a.b | len}} {{"s"}} {{1.5}} {{'x'}} {{nil | print}}` },
  ],
];

for (const [src, want] of trees) {
  test(`parse tree of ${src}`, () => {
    const got = parse(src);
    for (const [name, text] of Object.entries(want)) {
      const tree = got.get(name);
      assert.ok(tree, `tree ${name} missing`);
      assert.equal(nodeString(tree.root), text);
    }
  });
}

test('unknown functions are a parse error', () => {
  assert.throws(() => parse('{{nofunc 1}}'), { message: 'template: t:1: function "nofunc" not defined' });
});

test('the lexer splits trim markers from negative numbers', () => {
  const kinds = (src: string) =>
    lex(src)
      .filter((t) => t.kind !== 'space')
      .map((t) => `${t.kind}:${t.val}`);
  assert.deepEqual(kinds('a {{- 3 -}} b'), [
    'text:a',
    'leftDelim:{{',
    'number:3',
    'rightDelim:}}',
    'text:b',
    'eof:',
  ]);
  assert.deepEqual(kinds('{{-3}}'), ['leftDelim:{{', 'number:-3', 'rightDelim:}}', 'eof:']);
  assert.deepEqual(kinds('{{$x.y.z}}'), [
    'leftDelim:{{',
    'variable:$x',
    'field:.y',
    'field:.z',
    'rightDelim:}}',
    'eof:',
  ]);
});

test('the lexer reports unclosed actions and keeps line numbers', () => {
  const tokens = lex('a\nb {{ .x\n');
  const last = tokens[tokens.length - 1];
  assert.equal(last.kind, 'error');
  assert.equal(last.val, 'unclosed action');
  assert.equal(tokens.find((t) => t.kind === 'field')?.line, 2);
});
