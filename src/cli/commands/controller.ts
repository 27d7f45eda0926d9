// direct imports, not the manager's index: the manager process should load only what it runs

import { toError } from '../../engines/errors/index.ts';
import { availableControllers, startManager } from '../../manager/manager.ts';
import { managerOptionsFromFlags } from '../../manager/options.ts';
import { CliError, type Command } from '../command.ts';
import { clientFromFlags, kubeFlags } from '../kube-flags.ts';
import { managerFlags } from '../manager-flags.ts';

/** Runs until SIGINT or SIGTERM; signal listeners alone do not keep node's event loop alive. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => {}, 1 << 30);
    const on = (sig: string) => () => {
      clearInterval(keepAlive);
      resolve(sig);
    };
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

/**
 * Stops the manager, finishing in-flight work, but never for longer than `graceMs`: a stuck
 * shutdown must not keep a terminating pod (or a Ctrl-C'd terminal) waiting forever.
 */
export async function stopWithin(
  stop: () => Promise<void>,
  graceMs: number,
  log: (msg: string) => void,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), graceMs);
  });
  const outcome = await Promise.race([stop().then(() => 'stopped' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') log(`shutdown did not finish within ${graceMs / 1000}s; exiting anyway`);
}

/** `tsflux controller`: the manager process, running any subset of the controllers. */
export const controllerCommand: Command = {
  name: 'controller',
  summary: 'run the Flux controllers in this process (what the tsflux Deployment runs)',
  usage: `[--controllers=${availableControllers.join(',')}] [flags]`,
  description:
    'Starts the shared machinery (one informer per Flux kind, metrics, probes, the CRD conversion webhook)\n' +
    "and the selected controllers, with Flux's flag names. Stops gracefully on SIGINT or SIGTERM,\n" +
    'finishing in-flight reconciles.',
  flags: { kubeconfig: kubeFlags.kubeconfig, context: kubeFlags.context, ...managerFlags },
  async run({ flags }) {
    let options: ReturnType<typeof managerOptionsFromFlags>;
    try {
      options = managerOptionsFromFlags(flags, availableControllers);
    } catch (e: unknown) {
      throw new CliError(toError(e).message, 2);
    }
    const qps = Number(flags['kube-api-qps'] ?? 50);
    const burst = Number(flags['kube-api-burst'] ?? 300);
    if (!(qps >= 0) || !(burst >= 1))
      throw new CliError('--kube-api-qps must be >= 0 and --kube-api-burst >= 1', 2);
    const kube = clientFromFlags(flags, { qps, burst });
    const log = (msg: string) =>
      process.stderr.write(
        `${JSON.stringify({ level: 'info', ts: new Date().toISOString(), logger: 'manager', msg })}\n`,
      );
    const manager = await startManager(kube, options, log);
    log(
      `manager ready: controllers [${options.controllers.join(', ')}], metrics on ${manager.ports.metrics}, probes on ${manager.ports.health}`,
    );
    const sig = await Promise.race([untilSignal(), manager.leadershipLost.then(() => 'lost leadership')]);
    log(`${sig === 'lost leadership' ? sig : `${sig} received`}, shutting down`);
    await stopWithin(() => manager.stop(), 30_000, log);
    kube.close();
    // like Flux's controllers: a lost lease ends the process so a new one competes afresh
    return sig === 'lost leadership' ? 1 : 0;
  },
};
