// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Go replacement templates
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRegex, quoteMeta, RegexSyntaxError } from './index.ts';

test('a catastrophic-backtracking pattern is matched in linear time', () => {
  const re = compileRegex('(a+)+$');
  const input = `${'a'.repeat(40)}!`;
  const start = performance.now();
  assert.equal(re.test(input), false);
  assert.equal(re.testWhole(input), false);
  assert.equal(compileRegex('^(a|a)*b$').test('a'.repeat(10_000)), false);
  // a backtracking engine needs 2^40 steps here; RE2 needs one pass
  assert.ok(performance.now() - start < 1000, `took ${performance.now() - start} ms`);
});

test('RE2 syntax: inline flags, named groups, POSIX and Unicode classes', () => {
  assert.equal(compileRegex('(?i)deployment').test('Deployment'), true);
  assert.equal(compileRegex('(?s)a.b').test('a\nb'), true);
  assert.equal(compileRegex('a.b').test('a\nb'), false);
  assert.equal(compileRegex('^[[:alpha:]]+$').test('abc'), true);
  assert.equal(compileRegex('\\p{Greek}').test('λ'), true);
  assert.deepEqual(compileRegex('(?P<x>a)(?<y>b)').groupNames, ['', 'x', 'y']);
});

test('patterns RE2 rejects fail with Go error messages', () => {
  const cases: [string, string][] = [
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['[a-', 'error parsing regexp: missing closing ]: `[a-`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['a\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
  ];
  for (const [pattern, message] of cases) {
    assert.throws(
      () => compileRegex(pattern),
      (e: unknown) => e instanceof RegexSyntaxError && e.message === message,
      pattern,
    );
  }
});

test('testWhole anchors the whole input, test searches', () => {
  const re = compileRegex('app|web');
  assert.equal(re.test('webapp'), true);
  assert.equal(re.testWhole('webapp'), false);
  assert.equal(re.testWhole('web'), true);
});

test('exec, find and findAll follow Go: leftmost-first, empty matches after a match skipped', () => {
  const m = compileRegex('(a)(x)?(b)').exec('zab');
  assert.deepEqual(m, { index: 1, end: 3, groups: ['ab', 'a', undefined, 'b'] });
  assert.equal(compileRegex('a|ab').find('ab'), 'a');
  assert.equal(compileRegex('x').find('ab'), '');
  assert.deepEqual(
    compileRegex('a*')
      .findAll('baaac')
      .map((x) => [x.index, x.end]),
    [
      [0, 0],
      [1, 4],
      [5, 5],
    ],
  );
  assert.equal(compileRegex('.').findAll('😀a', 1).length, 1);
  assert.deepEqual(
    compileRegex('.')
      .findAll('😀a')
      .map((x) => x.groups[0]),
    ['😀', 'a'],
  );
});

test('replaceAll expands $n and ${name} as Go does; replaceAllLiteral does not', () => {
  assert.equal(compileRegex('a*').replaceAll('baaac', '-'), '-b-c-');
  assert.equal(compileRegex('(?P<k>\\w+)=(\\w+)').replaceAll('a=1 b=2', '$2:${k}'), '1:a 2:b');
  // `$1x` names the group "1x", which does not exist; `$$` is a dollar
  assert.equal(compileRegex('(a)').replaceAll('a', '$1x|${1}x|$$|$'), '|ax|$|$');
  assert.equal(compileRegex('(a)').replaceAllLiteral('a', '$1'), '$1');
});

test('split follows Go', () => {
  assert.deepEqual(compileRegex(',').split('a,b,c'), ['a', 'b', 'c']);
  assert.deepEqual(compileRegex(',').split('a,b,c', 2), ['a', 'b,c']);
  assert.deepEqual(compileRegex(',').split('', -1), ['']);
  assert.deepEqual(compileRegex('').split('abc'), ['a', 'b', 'c']);
  assert.deepEqual(compileRegex(',').split('a,b', 0), []);
});

test('quoteMeta makes any text match literally', () => {
  const text = 'a.b*c(d)[e]{f}|g^h$i\\j+k?';
  assert.equal(compileRegex(`^${quoteMeta(text)}$`).test(text), true);
});
