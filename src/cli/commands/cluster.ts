import { existsSync } from 'node:fs';
import {
  defaultClusterDir,
  expectedServers,
  isReady,
  KUBERNETES_VERSION,
  readClusterState,
  runningServers,
  startControlPlane,
  stopControlPlane,
} from '../../cluster/index.ts';
import { CliError, type Command } from '../command.ts';
import { tickingLog } from '../local/progress-ticker.ts';

const dirFlag = {
  dir: {
    type: 'string' as const,
    help: 'state directory of the cluster (certificates, data, logs, pid files)',
  },
};

function dirOf(flags: Record<string, unknown>): string {
  return typeof flags.dir === 'string' ? flags.dir : defaultClusterDir();
}

const progress = (line: string) => process.stderr.write(`► ${line}\n`);

const up: Command = {
  name: 'up',
  summary: 'start a local control plane in the background and print its kubeconfig path',
  usage: '[--dir DIR]',
  description:
    `Starts etcd, kube-apiserver and kube-controller-manager (Kubernetes ${KUBERNETES_VERSION}) on loopback,\n` +
    'on free ports, with fresh certificates and RBAC. The first run builds the binaries from Go modules\n' +
    'and caches them. The last line of stdout is the kubeconfig path. Several clusters can run at once\n' +
    'in different directories.',
  flags: dirFlag,
  async run({ flags }) {
    const ticker = tickingLog(progress);
    const state = await startControlPlane({ dir: dirOf(flags), log: ticker.log }).finally(ticker.stop);
    process.stdout.write(`${state.kubeconfig}\n`);
    return 0;
  },
};

const status: Command = {
  name: 'status',
  summary: 'show whether the local control plane is running and ready',
  usage: '[--dir DIR]',
  flags: dirFlag,
  async run({ flags }) {
    const dir = dirOf(flags);
    const state = readClusterState(dir);
    const running = runningServers(dir);
    if (!state || running.length === 0) {
      process.stdout.write(`no control plane is running in ${dir}\n`);
      return 1;
    }
    const ready = await isReady(state.kubeconfig, 3000);
    process.stdout.write(
      [
        `directory:  ${dir}`,
        `version:    ${state.version}`,
        `api server: https://127.0.0.1:${state.apiserverPort} (${ready ? 'ready' : 'not ready'})`,
        `running:    ${running.join(', ')}`,
        `kubeconfig: ${state.kubeconfig}`,
        '',
      ].join('\n'),
    );
    return ready && running.length === expectedServers(state).length ? 0 : 1;
  },
};

const down: Command = {
  name: 'down',
  summary: 'stop the processes that `cluster up` started in the state directory',
  usage: '[--dir DIR] [--purge]',
  flags: {
    ...dirFlag,
    purge: {
      type: 'boolean',
      help: 'remove the state directory (etcd data, certificates, logs) after stopping',
    },
  },
  async run({ flags }) {
    const dir = dirOf(flags);
    if (!existsSync(dir)) throw new CliError(`no cluster state directory at ${dir}`);
    const stopped = await stopControlPlane(dir, { purge: flags.purge === true });
    process.stdout.write(stopped.length ? `stopped ${stopped.join(', ')}\n` : 'nothing was running\n');
    if (flags.purge) process.stdout.write(`removed ${dir}\n`);
    return 0;
  },
};

/** `tsflux cluster`: a local Kubernetes control plane for tests and local use. */
export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'run a local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager)',
  subcommands: [up, status, down],
};
