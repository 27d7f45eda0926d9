import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** What one `tsflux` run printed and how it exited. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tsflux ARGS --kubeconfig KUBECONFIG` in a child process, without blocking this one: a
 * manager started by the test runs in this process and must keep reconciling while the CLI waits
 * for it (spawnSync would freeze it).
 */
export function runCli(kubeconfig: string, ...args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [main, ...args, '--kubeconfig', kubeconfig]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => {
      stdout += b;
    });
    child.stderr.on('data', (b) => {
      stderr += b;
    });
    child.on('close', (code) => done({ status: code ?? 1, stdout, stderr }));
  });
}
