import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toError } from '../errors/index.ts';
import { defineFunc, GO_TYPE, goInt, KeyedMap, Template } from './index.ts';

// Expected texts below were produced by Go 1.26 text/template with the same functions and data
// (a Go struct `main.Files{Name string}` with methods Get(string) string and Pair(int, ...string)).

class Files {
  get [GO_TYPE]() {
    return 'main.Files';
  }
  Name = 'F';
  Get(name: string): string {
    return `content of ${name}`;
  }
  Pair(a: bigint, ...b: string[]): string {
    return `${a} [${b.join(' ')}]`;
  }
}
defineFunc(Files.prototype.Get, { params: ['string'] });
defineFunc(Files.prototype.Pair, { params: ['int'], variadic: 'string' });

const funcs = {
  double: defineFunc((n: bigint) => n * 2n, { params: ['int'] }),
  half: defineFunc((f: number) => f / 2, { params: ['float64'] }),
  join: defineFunc((sep: string, ...xs: string[]) => xs.join(sep), {
    params: ['string'],
    variadic: 'string',
  }),
  fail: () => {
    throw new Error('boom');
  },
  nothing: defineFunc((_n: bigint) => 'x', { params: ['int'] }),
};

const data = { f: 2.0, s: 'x', n: null, Files: new Files(), i: goInt(3) };

const expectations: [string, string][] = [
  ['{{double 2}}', '4'],
  ['{{double 2.5}}', 'ERR template: t:1:9: executing "t" at <2.5>: expected integer; found 2.5'],
  [
    '{{double .f}}',
    'ERR template: t:1:9: executing "t" at <.f>: wrong type for value; expected int; got float64',
  ],
  ['{{double .i}}', '6'],
  ['{{double "x"}}', 'ERR template: t:1:9: executing "t" at <"x">: expected integer; found "x"'],
  [
    '{{double}}',
    'ERR template: t:1:2: executing "t" at <double>: wrong number of args for double: want 1 got 0',
  ],
  [
    '{{double 1 2}}',
    'ERR template: t:1:2: executing "t" at <double>: wrong number of args for double: want 1 got 2',
  ],
  [
    '{{double .n}}',
    'ERR template: t:1:9: executing "t" at <.n>: wrong type for value; expected int; got interface {}',
  ],
  ['{{double .missing}}', 'ERR template: t:1:9: executing "t" at <.missing>: invalid value; expected int'],
  ['{{double nil}}', 'ERR template: t:1:9: executing "t" at <nil>: cannot assign nil to int'],
  ['{{half 3}}', '1.5'],
  [
    '{{half .i}}',
    'ERR template: t:1:7: executing "t" at <.i>: wrong type for value; expected float64; got int',
  ],
  ['{{half 1.5}}', '0.75'],
  ['{{join "," "a" "b"}}', 'a,b'],
  ['{{join ","}}', ''],
  [
    '{{join}}',
    'ERR template: t:1:2: executing "t" at <join>: wrong number of args for join: want at least 1 got 0',
  ],
  ['{{join "," 1}}', 'ERR template: t:1:11: executing "t" at <1>: expected string; found 1'],
  ['{{fail}}', 'ERR template: t:1:2: executing "t" at <fail>: error calling fail: boom'],
  ['{{.Files.Get "a"}}', 'content of a'],
  ['{{.Files.Name}}', 'F'],
  [
    '{{.Files.Get}}',
    'ERR template: t:1:8: executing "t" at <.Files.Get>: wrong number of args for Get: want 1 got 0',
  ],
  ['{{.Files.Pair 1 "a" "b"}}', '1 [a b]'],
  [
    '{{.Files.Nope}}',
    `ERR template: t:1:8: executing "t" at <.Files.Nope>: can't evaluate field Nope in type interface {}`,
  ],
  [
    '{{.Files.Name 1}}',
    'ERR template: t:1:8: executing "t" at <.Files.Name>: Name has arguments but cannot be invoked as function',
  ],
  ['{{"a" | join ","}}', 'a'],
  ['{{2 | double}}', '4'],
  [
    '{{.f | double}}',
    'ERR template: t:1:7: executing "t" at <double>: wrong type for value; expected int; got float64',
  ],
  ['{{.Files}}', '{F}'],
  ['{{printf "%v %+v %T" .Files .Files .Files}}', '{F} {Name:F} main.Files'],
  ['{{with .Files}}{{.Get "z"}}{{end}}', 'content of z'],
  ['{{ $f := .Files }}{{ $f.Get "q" }}', 'content of q'],
  ['{{ .Files.Get "a" | len }}', '12'],
  ['{{nothing 99999999999999999999}}', 'PARSE template: t:1: integer overflow: "99999999999999999999"'],
];

for (const [src, want] of expectations) {
  test(`typed functions and methods: ${src}`, () => {
    let got: string;
    let t: Template;
    try {
      t = new Template('t').funcs(funcs).parse(src);
    } catch (e) {
      assert.equal(`PARSE ${toError(e).message}`, want);
      return;
    }
    try {
      got = t.execute(data);
    } catch (e) {
      got = `ERR ${toError(e).message}`;
    }
    assert.equal(got, want);
  });
}

test('a template set shares defines across parsed files; clone isolates later parses', () => {
  const set = new Template('root');
  set.new('a.tpl').parse('{{define "helper"}}H{{.}}{{end}}A');
  set.new('b.tpl').parse('B{{template "helper" 1}}');
  assert.equal(set.executeTemplate('b.tpl', null), 'BH1');
  assert.equal(set.executeTemplate('a.tpl', null), 'A');
  const copy = set.clone();
  copy.new('c.tpl').parse('{{define "helper"}}changed{{end}}C');
  assert.equal(copy.executeTemplate('b.tpl', null), 'Bchanged');
  assert.equal(set.executeTemplate('b.tpl', null), 'BH1');
  assert.equal(set.lookup('c.tpl'), undefined);
  assert.ok(set.lookup('helper'));
});

test('functions can close over the set (include)', () => {
  const set = new Template('gotpl');
  set.funcs({ include: (name: string, dot: unknown) => set.executeTemplate(name, dot) });
  set.new('x').parse('{{define "inner"}}[{{.v}}]{{end}}{{include "inner" . | printf "%s!"}}');
  assert.equal(set.executeTemplate('x', { v: 1 }), '[1]!');
  set.new('y').parse('{{include "nope" .}}');
  assert.throws(
    () => set.executeTemplate('y', {}),
    // Go puts the whole command in the context of a failed call (as Helm's include errors show)
    {
      message:
        'template: y:1:2: executing "y" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"',
    },
  );
});

test('an empty redefinition does not replace a template', () => {
  const set = new Template('t');
  set.new('a').parse('{{define "x"}}real{{end}}');
  set.new('b').parse('{{define "x"}}  {{end}}{{template "x"}}');
  assert.equal(set.executeTemplate('b', null), 'real');
});

test('missingkey=error reports the key', () => {
  const t = new Template('t').option('missingkey=error').parse('{{.a}}');
  assert.throws(() => t.execute({}), {
    message: 'template: t:1:2: executing "t" at <.a>: map has no entry for key "a"',
  });
});

// A named slice type with a method, like Helm's chartutil.VersionSet and `.Capabilities.APIVersions.Has`.
class VersionSet extends Array<string> {
  get [GO_TYPE]() {
    return 'common.VersionSet';
  }
  Has(v: string): boolean {
    return this.includes(v);
  }
}
defineFunc(VersionSet.prototype.Has, { params: ['string'] });

test('methods on a named slice type; it still ranges, indexes and prints as a slice', () => {
  const apis = VersionSet.from(['v1', 'apps/v1']) as VersionSet;
  const t = new Template('t').parse(
    '{{.A.Has "apps/v1"}} {{.A.Has "x"}} {{len .A}} {{index .A 0}} {{range .A}}[{{.}}]{{end}} {{.A}} {{printf "%T" .A}}',
  );
  assert.equal(t.execute({ A: apis }), 'true false 2 v1 [v1][apps/v1] [v1 apps/v1] common.VersionSet');
  assert.throws(() => new Template('t').parse('{{.A.Has 1}}').execute({ A: apis }), {
    message: 'template: t:1:9: executing "t" at <1>: expected string; found 1',
  });
});

// Go: *KubeVersion with a String() method, *Meta without one, funcs in data called with `call`.
class KubeVersion {
  get [GO_TYPE]() {
    return '*main.KubeVersion';
  }
  Version = 'v1.30.0';
  Major = '1';
  String(): string {
    return this.Version;
  }
}
class Meta {
  get [GO_TYPE]() {
    return '*main.Meta';
  }
  Name = 'n';
  Version = '1';
}
const callData = {
  KV: new KubeVersion(),
  add: defineFunc((a: bigint, b: bigint) => a + b, { params: ['int', 'int'] }),
  boom: () => {
    throw new Error('bad');
  },
  Meta: new Meta(),
};
const callExpectations: [string, string][] = [
  ['{{.KV}}', 'v1.30.0'],
  ['{{printf "%v|%s|%q|%T" .KV .KV .KV .KV}}', 'v1.30.0|v1.30.0|"v1.30.0"|*main.KubeVersion'],
  ['{{.KV.Version}}', 'v1.30.0'],
  ['{{print .KV}}', 'v1.30.0'],
  ['{{call .add 1 2}}', '3'],
  [
    '{{call .add 1}}',
    'ERR template: t:1:2: executing "t" at <call .add 1>: error calling call: wrong number of args for .add: got 1 want 2',
  ],
  ['{{call .boom}}', 'ERR template: t:1:2: executing "t" at <call .boom>: error calling call: bad'],
  [
    '{{call .add 1 "x"}}',
    'ERR template: t:1:2: executing "t" at <call .add 1 "x">: error calling call: arg 1: value has type string; should be int',
  ],
  ['{{.Meta}}', '{n 1}'],
  ['{{printf "%v %+v %T" .Meta .Meta .Meta}}', '&{n 1} &{Name:n Version:1} *main.Meta'],
  ['{{.Meta.Name}}', 'n'],
  [
    '{{ .Meta.Nope }}',
    `ERR template: t:1:8: executing "t" at <.Meta.Nope>: can't evaluate field Nope in type interface {}`,
  ],
];
for (const [src, want] of callExpectations) {
  test(`stringers, pointer structs and call: ${src}`, () => {
    let got: string;
    try {
      got = new Template('t').parse(src).execute(callData);
    } catch (e) {
      got = `ERR ${toError(e).message}`;
    }
    assert.equal(got, want);
  });
}

// Go: type Key struct{ Name string; N int }; map[main.Key]string. The conformance oracle checks
// range, index, len and printing; this checks the type names it cannot (its types are main's).
class Key {
  get [GO_TYPE]() {
    return 'main.Key';
  }
  readonly Name: string;
  readonly N: bigint;
  constructor(name: string, n: bigint) {
    this.Name = name;
    this.N = n;
  }
}

test('a struct-keyed map: type name, key order, index by an equal struct, wrong key type', () => {
  const m = new KeyedMap('main.Key', 'string', [
    [new Key('b', 1n), 'b1'],
    [new Key('a', 2n), 'a2'],
    [new Key('a', 10n), 'a10'],
  ]);
  const run = (text: string, data: unknown) => new Template('t').parse(text).execute(data);
  assert.equal(
    run('{{printf "%T" .M}} {{.M}}', { M: m }),
    'map[main.Key]string map[{a 2}:a2 {a 10}:a10 {b 1}:b1]',
  );
  // a key built apart from the map finds its entry by value, as Go's == on structs does
  assert.equal(
    run('{{index .M .K}}|{{index .M .Missing}}|', { M: m, K: new Key('a', 10n), Missing: new Key('z', 0n) }),
    'a10||',
  );
  assert.throws(() => run('{{index .M "a"}}', { M: m }), {
    message:
      'template: t:1:2: executing "t" at <index .M "a">: error calling index: value has type string; should be main.Key',
  });
});
