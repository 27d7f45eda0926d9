import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonMarshal } from './go-json.ts';
import { toToml } from './toml.ts';
import { parseToml } from './toml-read.ts';

// Expected text produced by helm v4.1.4:
// {{ toToml (dict "a" 1 "b" (dict "c" "d") "l" (list 1 2) "t" (list (dict "x" 1))) }}
test('toToml writes values, then tables and arrays of tables, indented by depth', () => {
  assert.equal(
    toToml({ a: 1n, b: { c: 'd' }, l: [1n, 2n], t: [{ x: 1n }] }),
    'a = 1\nl = [1, 2]\n\n[b]\n  c = "d"\n\n[[t]]\n  x = 1\n',
  );
});

// From the legacy-v1 conformance chart: float64 values from YAML keep a decimal point.
test('toToml writes float64 integers with .0 and skips nulls', () => {
  assert.equal(
    toToml({ int: 42, float: 4.5, empty: null, str: '1.0' }),
    'float = 4.5\nint = 42.0\nstr = "1.0"\n',
  );
});

// helm v4.1.4: {{ fromToml "a = 1\n[b]\nc = 'd'" | toJson }} prints {"a":1,"b":{"c":"d"}}
test('fromToml reads tables, arrays of tables, strings and numbers', () => {
  assert.equal(goJsonMarshal(parseToml("a = 1\n[b]\nc = 'd'")), '{"a":1,"b":{"c":"d"}}');
  const v = parseToml(
    '# comment\ntitle = "T\\u00e9st" # trailing\nnums = [1, 2.5, 0x1F]\n[server.http]\nport = 8_080\nhosts = [\n  "a",\n  "b",\n]\n[[items]]\nname = "x"\n[[items]]\nname = """\nmulti\nline"""\ninline = { k = true, "q k" = \'lit\' }\n',
  );
  assert.equal(
    goJsonMarshal(v),
    '{"items":[{"name":"x"},{"inline":{"k":true,"q k":"lit"},"name":"multi\\nline"}],"nums":[1,2.5,31],"server":{"http":{"hosts":["a","b"],"port":8080}},"title":"Tést"}',
  );
  assert.throws(() => parseToml('a = '), /line 1/);
});
