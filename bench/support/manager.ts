import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Compiles the sources to dist/ (what the Deployment runs), as benchmarks measure that. */
export function buildDist(): void {
  console.error('building dist/ (tsc -p tsconfig.build.json)');
  execFileSync(
    process.execPath,
    [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
}

/**
 * Starts `tsflux controller` as a child process on loopback ports (metrics, probes, artifact
 * storage in a temporary directory) and resolves once it logged "manager ready".
 */
export async function spawnManager(options: {
  kubeconfig: string;
  entry?: string;
  nodeFlags?: string[];
  args?: string[];
}): Promise<{ child: ReturnType<typeof spawn>; readyMs: number }> {
  const args = [
    ...(options.nodeFlags ?? []),
    join(repoRoot, options.entry ?? 'dist/cli/main.js'),
    'controller',
    '--kubeconfig',
    options.kubeconfig,
    '--metrics-addr',
    '127.0.0.1:0',
    '--health-addr',
    '127.0.0.1:0',
    '--storage-addr',
    '127.0.0.1:0',
    '--storage-path',
    mkdtempSync(join(tmpdir(), 'tsflux-bench-storage-')),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (b) => {
    log += b;
  });
  const t0 = Date.now();
  while (!log.includes('manager ready')) {
    if (child.exitCode !== null) throw new Error(`manager exited: ${log}`);
    await sleep(50);
  }
  return { child, readyMs: Date.now() - t0 };
}

/** Stops a manager child with SIGTERM and waits for it to exit. */
export async function stopManager(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('close', r));
}
