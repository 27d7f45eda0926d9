import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { helmTemplate } from '../../../src/cli/commands/helm.ts';
import { toError } from '../../../src/engines/errors/index.ts';
import { helmBinary } from '../../../src/toolchain/index.ts';
import { type Case, conformanceCases, RELEASE } from './cases.ts';
import { KNOWN_FAILING } from './known-failing.ts';

const run = promisify(execFile);

interface Outcome {
  ok: boolean;
  out: string;
}

async function realHelm(helm: string, c: Case): Promise<Outcome> {
  const args = [
    'template',
    RELEASE.name,
    c.chart,
    '--namespace',
    RELEASE.namespace,
    '--kube-version',
    RELEASE.kubeVersion,
  ];
  for (const f of c.valueFiles) args.push('-f', f);
  for (const s of c.set ?? []) args.push('--set', s);
  for (const s of c.setString ?? []) args.push('--set-string', s);
  for (const s of c.setFile ?? []) args.push('--set-file', s);
  for (const s of c.setJson ?? []) args.push('--set-json', s);
  for (const s of c.setLiteral ?? []) args.push('--set-literal', s);
  for (const a of c.apiVersions ?? []) args.push('--api-versions', a);
  if (c.includeCrds) args.push('--include-crds');
  for (const f of c.showOnly ?? []) args.push('--show-only', f);
  try {
    const { stdout } = await run(helm, args, { maxBuffer: 1 << 26 });
    return { ok: true, out: stdout };
  } catch (e: unknown) {
    const err = e as { stderr?: string; message: string };
    return {
      ok: false,
      out: (err.stderr ?? err.message).replace(/^Error: /, '').replace(/\n\nUse --debug flag.*$/s, ''),
    };
  }
}

async function tsflux(c: Case): Promise<Outcome> {
  try {
    return {
      ok: true,
      out: await helmTemplate({
        releaseName: RELEASE.name,
        chartPath: c.chart,
        namespace: RELEASE.namespace,
        kubeVersion: c.kubeVersion ?? RELEASE.kubeVersion,
        valueFiles: c.valueFiles,
        set: c.set,
        setString: c.setString,
        setFile: c.setFile,
        setJson: c.setJson,
        setLiteral: c.setLiteral,
        apiVersions: c.apiVersions,
        includeCrds: c.includeCrds,
        showOnly: c.showOnly,
      }),
    };
  } catch (e: unknown) {
    return { ok: false, out: toError(e).message };
  }
}

/**
 * The documented normalisation: lines on which two runs of the real helm disagree (random names
 * from randAlphaNum, generated certificates, bcrypt salts) are masked in both outputs before
 * comparing. Everything else must be byte-identical.
 */
function maskNondeterministic(first: string, second: string, mine: string): [string, string] {
  const a = first.split('\n');
  const b = second.split('\n');
  const m = mine.split('\n');
  if (a.length !== b.length || a.length !== m.length) return [first, mine];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      a[i] = '<nondeterministic>';
      m[i] = '<nondeterministic>';
    }
  }
  return [a.join('\n'), m.join('\n')];
}

/** Error messages are equivalent when they hold the same lines: Helm lists schema errors in Go map order. */
function sameLines(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .sort()
      .join('\n');
  return norm(a) === norm(b);
}

const cases = conformanceCases();
let helm: string | undefined;
let helmError: string | undefined;
try {
  helm = await helmBinary();
} catch (e: unknown) {
  helmError = toError(e).message;
}
const counts = { pass: 0, fail: 0, knownFailing: 0, fixedKnownFailing: [] as string[] };

after(() => {
  process.stdout.write(
    `helm conformance: ${counts.pass}/${cases.length} identical to helm template, ${counts.knownFailing} known failing, ${counts.fail} new failures\n`,
  );
  if (counts.fixedKnownFailing.length > 0) {
    process.stdout.write(
      `now passing, remove from known-failing.ts: ${counts.fixedKnownFailing.join('; ')}\n`,
    );
  }
});

for (const c of cases) {
  const skip = helm ? false : `the helm oracle is unavailable: ${helmError}`;
  test(c.id, { skip }, async (t) => {
    const want = await realHelm(helm!, c);
    const got = await tsflux(c);
    if (want.ok && got.ok && want.out !== got.out) {
      const again = await realHelm(helm!, c);
      if (again.ok && again.out !== want.out)
        [want.out, got.out] = maskNondeterministic(want.out, again.out, got.out);
    }
    const known = KNOWN_FAILING[c.id];
    let problem: string | undefined;
    if (c.expectError && want.ok) problem = 'helm rendered a case expected to fail';
    else if (want.ok !== got.ok)
      problem = want.ok ? `tsflux failed: ${got.out}` : `tsflux rendered, helm failed: ${want.out}`;
    else if (want.ok && want.out !== got.out) problem = 'output differs';
    else if (!want.ok && !sameLines(want.out, got.out))
      problem = `error differs: helm ${JSON.stringify(want.out)} tsflux ${JSON.stringify(got.out)}`;
    if (!problem) {
      counts.pass++;
      if (known) counts.fixedKnownFailing.push(c.id);
      return;
    }
    if (known) {
      counts.knownFailing++;
      t.diagnostic(`known failing (${known}): ${problem}`);
      return;
    }
    counts.fail++;
    if (process.env.TSFLUX_HELM_CONFORMANCE_REASONS)
      process.stdout.write(`FAILING ${JSON.stringify(c.id)}: ${problem.slice(0, 160)}\n`);
    if (want.ok && got.ok) assert.equal(got.out, want.out, problem);
    assert.fail(problem);
  });
}
