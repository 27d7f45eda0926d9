import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cached, goBuild } from '../../../src/toolchain/index.ts';

const moduleDir = join(import.meta.dirname, '../../../scripts/sops-oracle');

/** Paths of the real `sops` and `age-keygen` binaries the conformance tests compare against. */
export interface SopsOracle {
  sops: string;
  ageKeygen: string;
}

/**
 * Builds (once, cached by a hash of the pinning module: go.mod pins the sops and age versions) the
 * real sops and age-keygen commands; returns their paths.
 */
export async function sopsOracle(): Promise<SopsOracle> {
  const h = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'tools.go']) h.update(readFileSync(join(moduleDir, f)));
  const key = `sops-oracle-${h.digest('hex').slice(0, 16)}`;
  const dir = await cached(key, (out) =>
    goBuild({
      moduleDir,
      packages: ['github.com/getsops/sops/v3/cmd/sops', 'filippo.io/age/cmd/age-keygen'],
      outDir: out,
    }),
  );
  return { sops: join(dir, 'sops'), ageKeygen: join(dir, 'age-keygen') };
}

/** The outcome of running a command: exit code and captured output. */
export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs `bin args` with extra environment and optional stdin; never throws on a non-zero exit. */
export function run(
  bin: string,
  args: string[],
  options: { env?: Record<string, string>; input?: Uint8Array | string; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: err }));
    // a tool that exits without reading its input must not fail the run
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
