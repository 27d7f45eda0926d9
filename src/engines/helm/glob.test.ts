import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gobwasGlobRegExp, pathMatchRegExp } from './glob.ts';

test("path.Match: wildcards stay within a segment, classes and escapes as Go's", () => {
  const re = pathMatchRegExp('templates/*.y?ml');
  assert.ok(re.test('templates/a.yaml'));
  assert.ok(!re.test('templates/sub/a.yaml'));
  assert.ok(pathMatchRegExp('[^a]x').test('bx'));
  assert.ok(!pathMatchRegExp('[^a]x').test('ax'));
  assert.ok(pathMatchRegExp('\\*.txt').test('*.txt'));
  assert.ok(!pathMatchRegExp('\\*.txt').test('a.txt'));
  assert.ok(pathMatchRegExp('[a').test('[a'));
});

test('gobwas glob: ** crosses segments, {a,b} alternatives, [!...] negation', () => {
  assert.ok(gobwasGlobRegExp('files/**.conf').test('files/a/b.conf'));
  assert.ok(!gobwasGlobRegExp('files/*.conf').test('files/a/b.conf'));
  const alt = gobwasGlobRegExp('{a*,b?}.txt');
  assert.ok(alt.test('abc.txt') && alt.test('bx.txt'));
  assert.ok(!alt.test('bxy.txt') && !alt.test('a/b.txt'));
  assert.ok(gobwasGlobRegExp('[!a].txt').test('b.txt'));
  assert.ok(!gobwasGlobRegExp('[!a].txt').test('a.txt'));
  assert.ok(gobwasGlobRegExp('a.b').test('a.b') && !gobwasGlobRegExp('a.b').test('axb'));
});
