import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cached, goBuild } from '../../../src/toolchain/index.ts';

/** One case as the oracle reads it. */
export interface OracleCase {
  name: string;
  template: string;
  data?: unknown;
  options?: { missingkey?: string; funcs?: 'none'; delims?: [string, string] };
}

/** The oracle's verdict on a case: the output, or Go's error text. */
export interface OracleResult {
  name: string;
  output?: string;
  error?: string;
}

const moduleDir = join(import.meta.dirname, '../../../scripts/gotemplate-oracle');

/** Builds (once, cached by a hash of its sources) the Go text/template + Sprig oracle; returns its path. */
export async function oracleBinary(): Promise<string> {
  const h = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) h.update(readFileSync(join(moduleDir, f)));
  const key = `gotemplate-oracle-${h.digest('hex').slice(0, 16)}`;
  const dir = await cached(key, (out) => goBuild({ moduleDir, packages: ['.'], outDir: out }));
  return join(dir, 'gotemplate-oracle');
}

/** Renders all cases with the real Go text/template in one process. */
export async function runOracle(cases: OracleCase[]): Promise<Map<string, OracleResult>> {
  const bin = await oracleBinary();
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new Error(`gotemplate oracle exited with ${code}`));
    });
    child.stdin.end(input);
  });
  const results = new Map<string, OracleResult>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as OracleResult;
    results.set(r.name, r);
  }
  return results;
}
