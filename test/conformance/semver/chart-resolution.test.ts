// HelmChart.spec.version against a repository index picks what Flux (and Helm's own index lookup)
// picks: the expected answers come from the Go oracle, which runs Masterminds/semver the way Flux's
// chart repository and Helm's IndexFile.Get do. npm's semver read `>= 1.0, < 2.0` as `< 2.0` and
// picked 0.9.0 here; Masterminds reads the comma as AND.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRepositoryIndex, resolveChartVersion } from '../../../src/controllers/source/index.ts';
import { toError } from '../../../src/engines/errors/index.ts';
import { haveGo } from '../../../src/toolchain/index.ts';
import { constraintText, Draw, seeded } from './generate.ts';
import { askOracle, type ChartEntry, type OracleAnswers } from './oracle.ts';

const skip = haveGo() ? false : 'no Go toolchain on PATH to build the oracle';

const entries: ChartEntry[] = [
  { version: '0.9.0', created: '2024-01-01T00:00:00Z' },
  { version: '1.0.0', created: '2024-02-01T00:00:00Z' },
  { version: '1.5.0-rc.1', created: '2024-03-01T00:00:00Z' },
  { version: '1.9.9', created: '2024-04-01T00:00:00Z' },
  { version: '2.0.0', created: '2024-05-01T00:00:00Z' },
  { version: '2.1.0-beta.1', created: '2024-06-01T00:00:00Z' },
  { version: '0.10.0-alpha', created: '2024-01-15T00:00:00Z' },
];

const constraints = [
  '>= 1.0, < 2.0',
  '>=1.0.0 <2.0.0',
  '^1',
  '^0',
  '^0.9',
  '~1.5',
  '~1.5.0-0',
  '*',
  '',
  '>=1.5.0-0',
  '>=1.5.0-0 <2.0.0',
  '1.x',
  '1.x || >=2.1.0-0',
  '1.0.0 - 1.9',
  '!=1.9.9, >=1',
  '<1',
  '>2',
  '>=3',
  '1.5.0-rc.1',
  '2.0.0',
  'v1.0.0',
  '=1.9.9',
  'not-a-range',
];

function index(list: ChartEntry[]) {
  const lines = list.map(
    (e) =>
      `  - name: demo\n    version: ${JSON.stringify(e.version)}\n    created: "${e.created}"\n    urls: [demo.tgz]`,
  );
  return parseRepositoryIndex(Buffer.from(`apiVersion: v1\nentries:\n  demo:\n${lines.join('\n')}\n`));
}

/** Ours against the oracle's Flux answer: the same version, or the same failure. */
function mismatch(list: ChartEntry[], constraint: string, want: OracleAnswers['chart']): string | undefined {
  let ours: string;
  try {
    ours = resolveChartVersion(index(list), 'demo', constraint).version;
  } catch (e: unknown) {
    const message = toError(e).message;
    const agrees =
      want.fluxError === 'no match'
        ? message.startsWith("no 'demo' chart with version matching")
        : message === want.fluxError;
    return agrees
      ? undefined
      : `${JSON.stringify(constraint)}: ours fails (${message}), Flux ${JSON.stringify(want)}`;
  }
  return ours === want.flux
    ? undefined
    : `${JSON.stringify(constraint)}: ours ${ours}, Flux ${JSON.stringify(want)}`;
}

test('chart versions resolve as Flux and Helm resolve them', { skip }, async () => {
  const answers = await askOracle(
    constraints.map((constraint) => ({ op: 'chart' as const, constraint, entries })),
  );
  const problems = constraints.flatMap((c, i) => mismatch(entries, c, answers[i]) ?? []);
  // on this index (no equal versions) Flux's lookup and Helm's IndexFile.Get agree
  answers.forEach((a, i) => {
    if (a.flux !== a.helm || (a.fluxError === undefined) !== (a.helmError === undefined))
      problems.push(`${constraints[i]}: Flux ${JSON.stringify(a)} differs from Helm`);
  });
  assert.deepEqual(problems, []);
  assert.equal(answers[0].flux, '1.9.9', 'the comma is an AND: the 0.x chart Helm refuses is not picked');
});

test('of equal versions the most recently created wins, and random constraints agree', { skip }, async () => {
  const tied: ChartEntry[] = [
    ...entries,
    { version: '1.9.9+b', created: '2024-04-03T00:00:00Z' },
    { version: '1.9.9+a', created: '2024-04-02T00:00:00Z' },
  ];
  const draw = new Draw(seeded(17));
  const all = ['^1', '1.9.9', ...constraints, ...Array.from({ length: 500 }, () => constraintText(draw))];
  const answers = await askOracle(
    all.map((constraint) => ({ op: 'chart' as const, constraint, entries: tied })),
  );
  assert.equal(answers[0].flux, '1.9.9+b');
  assert.deepEqual(
    all.flatMap((c, i) => (c.trim() === c ? (mismatch(tied, c, answers[i]) ?? []) : [])),
    [],
  );
});
