import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cached, goBuild } from '../../../src/toolchain/index.ts';

/** One case for the oracle: a text template, or an object run through Flux's whole pipeline. */
export interface SubstituteCase {
  name: string;
  text?: string;
  object?: unknown;
  vars: Record<string, string>;
  strict: boolean;
}

/** The oracle's verdict: the expanded text, the substituted object, or the Go error text. */
export interface SubstituteVerdict {
  name: string;
  output?: string;
  object?: unknown;
  error?: string;
}

const moduleDir = join(import.meta.dirname, '../../../scripts/envsubst-oracle');

/** Builds (once, cached by a hash of its sources) the fluxcd/pkg/envsubst oracle. */
export async function envsubstOracle(): Promise<string> {
  const h = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) h.update(readFileSync(join(moduleDir, f)));
  const dir = await cached(`envsubst-oracle-${h.digest('hex').slice(0, 16)}`, (out) =>
    goBuild({ moduleDir, packages: ['.'], outDir: out }),
  );
  return join(dir, 'envsubst-oracle');
}

/** Runs all cases through the real library in one process. */
export async function runEnvsubstOracle(cases: SubstituteCase[]): Promise<Map<string, SubstituteVerdict>> {
  const bin = await envsubstOracle();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks).toString('utf8'))
        : reject(new Error(`envsubst oracle exited with ${code}`)),
    );
    child.stdin.end(`${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
  });
  const out = new Map<string, SubstituteVerdict>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const v = JSON.parse(line) as SubstituteVerdict;
    out.set(v.name, v);
  }
  return out;
}
