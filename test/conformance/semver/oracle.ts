// The Masterminds/semver Go oracle (./oracle): built once per source hash, asked in one process
// with one JSON request per line.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cached, goBuild } from '../../../src/toolchain/index.ts';

const moduleDir = join(import.meta.dirname, 'oracle');

/** A version text as the three parsers read it: Go's error text, or String() and Original(). */
export interface ParseAnswer {
  error?: string;
  string?: string;
  original?: string;
}

/** A chart index entry as the oracle reads it. */
export interface ChartEntry {
  version: string;
  created?: string;
}

/** One request to the oracle (see the header of oracle/main.go). */
export type OracleRequest =
  | { op: 'version'; text: string }
  | { op: 'check'; constraint: string; versions: string[] }
  | { op: 'sort'; versions: string[] }
  | { op: 'tag'; constraint: string; tags: string[] }
  | { op: 'chart'; constraint: string; entries: ChartEntry[] };

/** The oracle's answers, by operation. */
export interface OracleAnswers {
  version: { loose: ParseAnswer; strict: ParseAnswer; flux: ParseAnswer };
  check: { error?: string; checks?: (boolean | null)[] };
  sort: { sorted: string[] | null };
  tag: { tag?: string; error?: string };
  chart: { flux?: string; fluxError?: string; helm?: string; helmError?: string };
}

async function oracleBinary(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(moduleDir, f)));
  const key = `semver-oracle-${hash.digest('hex').slice(0, 16)}`;
  const dir = await cached(key, (out) => goBuild({ moduleDir, packages: ['.'], outDir: out }));
  return join(dir, 'semver-oracle');
}

/** Asks the oracle every request of one operation, in one process; answers in request order. */
export async function askOracle<Op extends OracleRequest['op']>(
  requests: Extract<OracleRequest, { op: Op }>[],
): Promise<OracleAnswers[Op][]> {
  const binary = await oracleBinary();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks).toString('utf8'))
        : reject(new Error(`oracle exited ${code}`)),
    );
    child.stdin.end(requests.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
  const answers = stdout
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  if (answers.length !== requests.length)
    throw new Error(`the oracle answered ${answers.length} of ${requests.length} requests`);
  return answers;
}
