import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toError } from '../errors/index.ts';
import {
  parseConstraints,
  parseFluxVersion,
  parseStrictVersion,
  parseVersion,
  pickHighest,
  setMetadata,
  sortVersions,
  tryParse,
} from './index.ts';

// Expected answers were taken from Masterminds/semver v3.4 through the Go oracle of
// test/conformance/semver, which checks thousands more cases of each kind.

function outcome(parse: (text: string) => { toString(): string }, text: string): string {
  try {
    return parse(text).toString();
  } catch (e: unknown) {
    return `error: ${toError(e).message}`;
  }
}

test('three parsers: coercing, strict, and Flux (strict with an optional v)', () => {
  const table: [string, string, string, string][] = [
    ['v1.2', '1.2.0', 'error: invalid semantic version', 'error: invalid semantic version'],
    ['1.2.3-rc.1+b.7', '1.2.3-rc.1+b.7', '1.2.3-rc.1+b.7', '1.2.3-rc.1+b.7'],
    ['01.2.3', '1.2.3', 'error: version segment starts with 0', 'error: version segment starts with 0'],
    ['v1.2.3', '1.2.3', 'error: invalid characters in version', '1.2.3'],
    [
      '1.2.3.4',
      'error: invalid semantic version',
      'error: invalid characters in version',
      'error: invalid characters in version',
    ],
    [
      '18446744073709551616.0.0',
      'error: error parsing version segment: strconv.ParseUint: parsing "18446744073709551616": value out of range',
      'error: strconv.ParseUint: parsing "18446744073709551616": value out of range',
      'error: strconv.ParseUint: parsing "18446744073709551616": value out of range',
    ],
  ];
  for (const [text, loose, strict, flux] of table) {
    assert.equal(outcome(parseVersion, text), loose, `loose ${text}`);
    assert.equal(outcome(parseStrictVersion, text), strict, `strict ${text}`);
    assert.equal(outcome(parseFluxVersion, text), flux, `flux ${text}`);
  }
  assert.equal(parseFluxVersion('v1.2.3').original, 'v1.2.3');
  assert.equal(setMetadata(parseVersion('v1.2-rc.1+old'), 'new').original, 'v1.2.0-rc.1+new');
  assert.equal(setMetadata(parseVersion('1.2.3+old'), '').toString(), '1.2.3');
  assert.throws(() => setMetadata(parseVersion('1.2.3'), 'a_b'), /^Error: invalid metadata string$/);
});

test('constraints: comma is AND, || is OR, hyphen ranges, wildcards, prereleases', () => {
  const cases: [string, string[], boolean[]][] = [
    [
      '>= 1.0, < 2.0 || ^3.1',
      ['0.9.0', '1.0.0', '1.9.9', '2.0.0', '3.5.0', '4.0.0', '1.5.0-rc.1'],
      [false, true, true, false, true, false, false],
    ],
    ['1.2 - 1.4.x', ['1.1.9', '1.2.0', '1.4.7', '1.5.0'], [false, true, true, false]],
    ['~1.2.3-0', ['1.2.3-rc.1', '1.2.9', '1.3.0', '1.2.4-beta'], [true, true, false, true]],
    ['!=1.x, >=0.5', ['0.9.0', '1.2.0', '2.0.0'], [true, false, true]],
  ];
  for (const [constraint, versions, expected] of cases) {
    const cs = parseConstraints(constraint);
    assert.deepEqual(
      versions.map((v) => cs.check(parseVersion(v))),
      expected,
      constraint,
    );
  }
  assert.throws(() => parseConstraints('>=1 <'), /^Error: improper constraint: >=1 <$/);
  assert.throws(() => parseConstraints(''), /^Error: improper constraint: $/);
});

test('sorting and picking the highest', () => {
  const texts = ['1.0.0', 'v1.0.0-rc.10', '1.0.0-rc.2', '1.0.0-alpha', '0.9', '1.0.0-rc.2.1'];
  assert.deepEqual(
    sortVersions(texts.map((t) => parseVersion(t))).map((v) => v.original),
    ['0.9', '1.0.0-alpha', '1.0.0-rc.2', '1.0.0-rc.2.1', 'v1.0.0-rc.10', '1.0.0'],
  );
  const tags = ['v2.0.0', '2.0.0+b', 'latest', '2.1.0-rc.1', '1.9.0'];
  const versionOf = (t: string) => tryParse(t, parseFluxVersion);
  assert.equal(pickHighest(tags, versionOf)?.item, '2.1.0-rc.1', 'no constraints: plain ordering');
  const stable = parseConstraints('*');
  assert.equal(pickHighest(tags, versionOf, { constraints: stable })?.item, 'v2.0.0', 'the first of equals');
  assert.equal(
    pickHighest(tags, versionOf, { constraints: stable, prefer: (a) => a.includes('+') })?.item,
    '2.0.0+b',
  );
  assert.equal(pickHighest(tags, versionOf, { constraints: parseConstraints('<2') })?.item, '1.9.0');
  assert.equal(pickHighest(tags, versionOf, { constraints: parseConstraints('>3') }), undefined);
});
