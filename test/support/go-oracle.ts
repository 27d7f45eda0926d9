// Go oracles of the conformance suites: small Go programs (a main.go with its go.mod and go.sum)
// that run the real library and answer JSON, one request per line.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cached, goBuild } from '../../src/toolchain/index.ts';

/**
 * Builds the Go program in `moduleDir` once per content of its main.go, go.mod and go.sum (the
 * build cache key starts with `name`, the binary's name: the last element of its module path).
 */
export async function goOracle(moduleDir: string, name: string): Promise<string> {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(moduleDir, f)));
  const key = `${name}-${hash.digest('hex').slice(0, 16)}`;
  const dir = await cached(key, (out) => goBuild({ moduleDir, packages: ['.'], outDir: out }));
  return join(dir, name);
}

/** Sends every request as a JSON line to one run of `binary`; returns its answers, one per line. */
export async function askJsonLines<T>(binary: string, requests: unknown[]): Promise<T[]> {
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks).toString('utf8'))
        : reject(new Error(`${binary} exited with ${code}`)),
    );
    child.stdin.end(requests.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
