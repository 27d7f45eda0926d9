import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toToml } from './toml.ts';

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
