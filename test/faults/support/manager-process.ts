// The manager as a real child process (`tsflux controller`), as it runs in a cluster, so that a
// fault case can kill it with SIGKILL or freeze it with SIGSTOP and start it again.
import { type ChildProcess, spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/** A started manager process and what it wrote to stderr. */
export interface ManagerProcess {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
}

/**
 * Starts `tsflux controller` for `controllers`, watching only `namespace` through `kubeconfig`,
 * with every server on a free loopback port; killed (SIGKILL) when the test ends if still running.
 */
export function startManagerProcess(
  t: TestContext,
  options: { kubeconfig: string; namespace: string; controllers: string; extra?: string[] },
): ManagerProcess {
  const child = spawn(process.execPath, [
    main,
    'controller',
    `--controllers=${options.controllers}`,
    `--namespace=${options.namespace}`,
    '--watch-all-namespaces=false',
    `--kubeconfig=${options.kubeconfig}`,
    '--metrics-addr=127.0.0.1:0',
    '--health-addr=127.0.0.1:0',
    // no conversion webhook: the shared test cluster's CRDs do not point at this process
    '--webhook-addr=',
    ...(options.extra ?? []),
  ]);
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, stderr: () => stderr, exited };
}
