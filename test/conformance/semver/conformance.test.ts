// Masterminds/semver (what Flux's OCIRepository uses) is the oracle for semver tag selection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickSemverTag } from '../../../src/controllers/source/ocirepository/index.ts';
import { toError } from '../../../src/engines/errors/index.ts';
import { haveGo } from '../../../src/toolchain/index.ts';
import { constraintText, Draw, seeded, versionText } from './generate.ts';
import { askOracle } from './oracle.ts';

const tagSets = [
  ['latest', '6.0.0', 'v6.1.0', '6.1.1-rc.1', '6.2', '7.0.0', 'v6.0.3', 'main-abc', '6.1.1'],
  ['1.4.0', '1.5.0-rc.1', '2.0.0-beta.1', '2.0.0-beta.2', '0.9.9', 'v2.0.0-alpha'],
  ['1.0.0', 'v1.0.0', '1.0.0+build.1', '1.0.1-0', '01.2.3', '1.2.3.4', '=1.2.3', 'v1.2.3'],
  ['0.1.0', '0.1.1', '0.2.0', '0.2.1-rc.1', '1.0.0'],
];
const constraints = [
  '*',
  '>=0.0.0',
  '6.x',
  '6.1.x',
  '~6.0',
  '~6.1.0',
  '^6',
  '^0.1.0',
  '^0.2',
  '>=6.0.0 <6.1.0',
  '>= 6.0.0, < 6.1.0',
  '>=1.0.0-0',
  '>=1.0.0-0 <2.0.0',
  '>=1.0.0-0 <2.0.0-0',
  '>=6.1.1-rc.0 <6.2.0-0',
  '>=6.1.1-rc.0 <6.2.0',
  '5.x || 6.0.x',
  '>=3.0.0 || >=1.5.0-0',
  '1.0.0 - 1.5.0',
  '!=6.1.0',
  '<1.0.0',
  '=1.0.0',
  '1.0.0',
  '>2.0.0-beta.1',
  '~2.0.0-beta.1',
  '^2.0.0-alpha',
  '>=8.0.0',
  '!=6.1.x',
  '>=6 <7',
  '6',
  'v6.1.0',
  '>= 1.0.0-alpha, != 1.5.0-rc.1',
  '~1',
  '^1.0.0-0',
  '1.x || >=2.0.0-beta.2',
];

test('semver tag selection matches Masterminds/semver as Flux uses it', {
  skip: haveGo() ? false : 'no Go toolchain on PATH to build the oracle',
}, async () => {
  // the hand-picked sets, then seeded random tag lists and constraints
  const draw = new Draw(seeded(15));
  const queries = [
    ...tagSets.flatMap((tags) => constraints.map((constraint) => ({ tags, constraint }))),
    ...Array.from({ length: 1500 }, () => ({
      // at most 12: Go sorts that few by insertion, so of equal versions the first listed wins, as ours
      tags: Array.from({ length: draw.int(1, 12) }, () => versionText(draw)),
      constraint: constraintText(draw),
    })),
  ];
  const answers = await askOracle(queries.map((q) => ({ op: 'tag' as const, ...q })));
  const mismatches: string[] = [];
  queries.forEach((q, i) => {
    let ours: { tag?: string; error?: string };
    try {
      ours = { tag: pickSemverTag(q.tags, q.constraint) };
    } catch (e: unknown) {
      const text = toError(e).message;
      // ours wraps the parse error as Flux does (`semver '<c>' parse error: ...`); the oracle gives the library's
      ours = { error: text.replace(`semver '${q.constraint}' parse error: `, '') };
    }
    const want = answers[i];
    if (ours.tag !== want.tag || ours.error !== want.error)
      mismatches.push(
        `${q.constraint} over [${q.tags.join(' ')}]: ours ${JSON.stringify(ours)}, Flux ${JSON.stringify(want)}`,
      );
  });
  assert.deepEqual(mismatches, []);
});
