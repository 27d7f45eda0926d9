// engines/semver against Masterminds/semver v3.4 itself (the Go oracle in ./oracle): thousands of
// seeded random versions and constraints (commas, `||`, hyphen ranges, x/X/*, ~ and ^, every
// operator, prereleases, `v` prefixes, leading zeros, overflow, junk) must parse, fail, check and
// sort exactly as the library does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toError } from '../../../src/engines/errors/index.ts';
import {
  parseConstraints,
  parseFluxVersion,
  parseStrictVersion,
  parseVersion,
  sortVersions,
  tryParse,
  type Version,
} from '../../../src/engines/semver/index.ts';
import { haveGo } from '../../../src/toolchain/index.ts';
import { constraintText, Draw, seeded, versionText } from './generate.ts';
import { askOracle, type ParseAnswer } from './oracle.ts';

const skip = haveGo() ? false : 'no Go toolchain on PATH to build the oracle';
const draw = new Draw(seeded(13));

/** Versions that sit on the edges constraints draw: releases, prereleases, `v`, metadata, zeros. */
const pool = [
  '0.0.0',
  '0.0.1',
  '0.0.3',
  '0.1.0',
  '0.1.1',
  '0.2.0',
  '0.2.3',
  '0.9.0',
  '1.0.0',
  'v1.0.0',
  '1.0.0+build',
  '1.0.0-0',
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-rc.1',
  '1.0.1',
  '1.1.0',
  '1.2.0',
  '1.2.3',
  '1.2.3-rc.1',
  '1.5.0-rc.1',
  '1.9.9',
  '1.10.0',
  '2.0.0-0',
  '2.0.0-beta.2',
  '2.0.0',
  'v2.0.0',
  '2.1.0',
  '3.0.0',
  '10.0.0',
  '1',
  '1.2',
  'v3',
  '01.2.3',
  '1.2.3-01',
  '18446744073709551615.0.0',
];

function ours(parse: (text: string) => Version, text: string): ParseAnswer {
  try {
    const v = parse(text);
    return { string: v.toString(), original: v.original };
  } catch (e: unknown) {
    return { error: toError(e).message };
  }
}

test('versions parse like NewVersion, StrictNewVersion and Flux ParseVersion', { skip }, async () => {
  const texts = [...pool, ...Array.from({ length: 4000 }, () => versionText(draw))];
  const answers = await askOracle<'version'>(texts.map((text) => ({ op: 'version', text })));
  const mismatches: string[] = [];
  texts.forEach((text, i) => {
    const mine = {
      loose: ours(parseVersion, text),
      strict: ours(parseStrictVersion, text),
      flux: ours(parseFluxVersion, text),
    };
    for (const k of ['loose', 'strict', 'flux'] as const)
      if (JSON.stringify(mine[k]) !== JSON.stringify(answers[i][k]))
        mismatches.push(
          `${k} ${JSON.stringify(text)}: ours ${JSON.stringify(mine[k])}, Go ${JSON.stringify(answers[i][k])}`,
        );
  });
  assert.deepEqual(mismatches, []);
  const parsed = answers.filter((a) => !a.loose.error).length;
  assert.ok(
    parsed > 2000 && parsed < texts.length,
    `${parsed} of ${texts.length} parsed: the generator lost its balance`,
  );
});

test('constraints parse and check like NewConstraint and Check', { skip }, async () => {
  const constraints = Array.from({ length: 4000 }, () => constraintText(draw));
  const requests = constraints.map((constraint) => ({
    op: 'check' as const,
    constraint,
    versions: [...pool.filter(() => draw.chance(0.6)), ...Array.from({ length: 5 }, () => versionText(draw))],
  }));
  const answers = await askOracle(requests);
  const mismatches: string[] = [];
  const covered = new Map<string, number>();
  requests.forEach((r, i) => {
    const want = answers[i];
    let cs: ReturnType<typeof parseConstraints>;
    try {
      cs = parseConstraints(r.constraint);
    } catch (e: unknown) {
      if (toError(e).message !== want.error)
        mismatches.push(
          `${JSON.stringify(r.constraint)}: ours ${toError(e).message}, Go ${want.error ?? 'parses'}`,
        );
      return;
    }
    if (want.error) {
      mismatches.push(`${JSON.stringify(r.constraint)}: ours parses, Go ${want.error}`);
      return;
    }
    for (const [name, re] of features)
      if (re.test(r.constraint)) covered.set(name, (covered.get(name) ?? 0) + 1);
    r.versions.forEach((text, j) => {
      const v = tryParse(text);
      const mine = v ? cs.check(v) : null;
      if (mine !== want.checks?.[j])
        mismatches.push(`${JSON.stringify(r.constraint)} on ${text}: ours ${mine}, Go ${want.checks?.[j]}`);
    });
  });
  assert.deepEqual(mismatches.slice(0, 50), []);
  // the valid constraints reached every construct the issue names, many times over
  for (const [name] of features)
    assert.ok((covered.get(name) ?? 0) >= 50, `${name}: ${covered.get(name) ?? 0} constraints`);
});

const features: [string, RegExp][] = [
  ['comma', /,/],
  ['or', /\|\|/],
  ['hyphen range', / - /],
  ['x wildcard', /[xX]/],
  ['* wildcard', /\*/],
  ['tilde', /~/],
  ['caret', /\^/],
  ['prerelease', /\d-/],
  ['v prefix', /v/],
  ['not equal', /!=/],
];

test('versions sort like sort.Stable over a semver.Collection', { skip }, async () => {
  const lists = Array.from({ length: 300 }, () =>
    Array.from({ length: draw.int(2, 12) }, () => (draw.chance(0.5) ? draw.pick(pool) : versionText(draw))),
  );
  const answers = await askOracle(lists.map((versions) => ({ op: 'sort' as const, versions })));
  lists.forEach((list, i) => {
    const mine = sortVersions(list.flatMap((t) => tryParse(t) ?? [])).map((v) => v.original);
    assert.deepEqual(mine, answers[i].sorted ?? [], list.join(' '));
  });
});
