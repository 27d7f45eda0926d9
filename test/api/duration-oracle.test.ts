// Go's time package is the oracle for duration parsing and printing (Flux prints `5m0s`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatDurationNanos, parseDurationNanos } from '../../src/api/index.ts';
import { cached, goBuild, haveGo } from '../../src/toolchain/index.ts';

const oracleDir = join(import.meta.dirname, 'oracle/go-duration');

async function oracleBinary(): Promise<string> {
  const source = readFileSync(join(oracleDir, 'main.go'));
  const key = `go-duration-oracle-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`;
  const dir = await cached(key, (out) => goBuild({ moduleDir: oracleDir, packages: ['.'], outDir: out }));
  return join(dir, 'go-duration');
}

const parseInputs = [
  '5m0s',
  '5m',
  '10m',
  '1h',
  '1h30m',
  '1.5h',
  '90s',
  '60s',
  '300ms',
  '1.5s',
  '2h45m10.5s',
  '0',
  '0s',
  '-1m',
  '+3s',
  '1us',
  '1µs',
  '100ns',
  '.5s',
  '1.s',
  '10m0.001s',
  '24h',
  '8760h',
  '1h1m1s1ms1us1ns',
  '',
  'm',
  '1',
  '1x',
  '1.2.3s',
  '-',
  's5',
  '5 m',
  '9223372036854775807ns',
  '9223372036854775808ns',
];
const formatInputs = [
  0n,
  1n,
  999n,
  1000n,
  1500n,
  1_000_000n,
  1_500_000n,
  999_999_999n,
  1_000_000_000n,
  1_500_000_000n,
  60_000_000_000n,
  300_000_000_000n,
  3_600_000_000_000n,
  5_400_000_000_000n,
  86_400_000_000_000n,
  123_456_789_012n,
  -300_000_000_000n,
  -1500n,
  9_223_372_036_854_775_807n,
];

test('durations parse and print exactly as Go does', {
  skip: haveGo() ? false : 'no Go toolchain on PATH to build the oracle',
}, async () => {
  const binary = await oracleBinary();
  const lines = [...parseInputs.map((s) => `parse ${s}`), ...formatInputs.map((n) => `format ${n}`)];
  const answers = execFileSync(binary, { input: `${lines.join('\n')}\n` })
    .toString()
    .trimEnd()
    .split('\n');
  assert.equal(answers.length, lines.length);
  parseInputs.forEach((text, i) => {
    const want = answers[i];
    let got: string;
    try {
      const nanos = parseDurationNanos(text);
      got = `${nanos} ${formatDurationNanos(nanos)}`;
    } catch {
      got = 'error';
    }
    assert.equal(got, want, `parse ${JSON.stringify(text)}`);
  });
  formatInputs.forEach((nanos, i) => {
    assert.equal(formatDurationNanos(nanos), answers[parseInputs.length + i], `format ${nanos}`);
  });
  console.log(`duration oracle: ${lines.length} cases compared with Go`);
});
