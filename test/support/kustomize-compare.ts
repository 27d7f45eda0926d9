// The comparison the kustomize conformance suites share: `kubectl kustomize` (the oracle) and the
// engine build the same directory; outputs must be byte-identical, or both must fail.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DiskFS } from '../../src/engines/fs/index.ts';
import { build, emitYamlStream } from '../../src/engines/kustomize/index.ts';

/** One side's result: its YAML stream, or (ok false) its error text. */
export interface Outcome {
  ok: boolean;
  out: string;
}

/** For node:test's `skip`: why the oracle cannot run, or false when `kubectl` is installed. */
export const withoutKubectl: string | false =
  spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0
    ? false
    : 'kubectl is not installed: it is the oracle';

/** The kustomize version embedded in the installed kubectl (`v5.5.0`), read from `kubectl version`. */
export function kubectlKustomizeVersion(): string | undefined {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return /Kustomize Version:\s*(\S+)/.exec(r.stdout ?? '')?.[1];
}

/** Every directory under `root` (relative to it, `''` for root itself) holding a kustomization. */
export function kustomizationDirs(root: string, rel = ''): string[] {
  const out: string[] = [];
  const abs = join(root, rel);
  if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(abs, f))))
    out.push(rel);
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('.'))
      out.push(...kustomizationDirs(root, rel ? `${rel}/${e.name}` : e.name));
  }
  return out;
}

/**
 * Reads a known-failing list: one case name a line, its reason after `#` (empty when absent);
 * blank and comment-only lines are skipped.
 */
export function readKnownFailing(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const hash = line.indexOf('#');
    const name = (hash < 0 ? line : line.slice(0, hash)).trim();
    if (name) out.set(name, hash < 0 ? '' : line.slice(hash + 1).trim());
  }
  return out;
}

function failed(e: unknown): Outcome {
  return { ok: false, out: String((e as { stderr?: string }).stderr ?? e) };
}

/** `kubectl kustomize dir`, synchronously. */
export function kubectlKustomize(dir: string): Outcome {
  try {
    return {
      ok: true,
      out: execFileSync('kubectl', ['kustomize', dir], {
        encoding: 'utf8',
        stdio: 'pipe',
        maxBuffer: 64 << 20,
      }),
    };
  } catch (e: unknown) {
    return failed(e);
  }
}

const execFileAsync = promisify(execFile);

/** `kubectl kustomize dir` in a child process the caller may run beside others. */
export async function kubectlKustomizeAsync(dir: string): Promise<Outcome> {
  try {
    const r = await execFileAsync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return { ok: true, out: r.stdout };
  } catch (e: unknown) {
    return failed(e);
  }
}

/** The engine's build of `dir` (relative to `root`, the filesystem root it may not leave). */
export function engineKustomize(root: string, dir: string): Outcome {
  const r = build(new DiskFS(root), dir);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { ok: false, out: errors.map((d) => d.message).join('\n') };
  return { ok: true, out: emitYamlStream(r.resources) };
}

/** Identical output, or a failure on both sides. */
export function sameOutcome(expected: Outcome, actual: Outcome): boolean {
  return expected.ok === actual.ok && (!expected.ok || expected.out === actual.out);
}

/** Fails with what differs between the oracle's outcome and the engine's. */
export function assertSameOutcome(expected: Outcome, actual: Outcome): void {
  if (sameOutcome(expected, actual)) return;
  if (!expected.ok) assert.fail(`kubectl failed (${expected.out.trim()}) but the engine succeeded`);
  if (!actual.ok) assert.fail(`engine failed: ${actual.out}`);
  assert.equal(actual.out, expected.out);
}
