import { existsSync } from 'node:fs';
import {
  defaultClusterDir,
  runningServers,
  startControlPlane,
  stopControlPlane,
} from '../../cluster/index.ts';
import { defaultKubeconfigPath, KubeClient, loadKubeconfig } from '../../runtime/kube/index.ts';
import type { Command } from '../command.ts';

const say = (line: string) => process.stderr.write(`► ${line}\n`);

/** The API server's version when the kubeconfig's cluster answers within the timeout, else undefined. */
async function probe(
  kubeconfig: string,
  context: string | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  if (!existsSync(kubeconfig)) return undefined;
  let client: KubeClient | undefined;
  try {
    client = new KubeClient(loadKubeconfig(kubeconfig, context));
    const v = await client.request<{ gitVersion: string }>({ path: '/version', timeoutMs });
    return v.gitVersion;
  } catch {
    return undefined;
  } finally {
    client?.close();
  }
}

/**
 * `tsflux up`: the main job. Uses the cluster of the current kubeconfig when it answers, else
 * starts the local control plane, and stays in the foreground until interrupted, stopping only
 * what it started.
 */
export const upCommand: Command = {
  name: 'up',
  summary: 'connect to the current cluster (or start a local one) and run tsflux until Ctrl-C',
  usage: '[--kubeconfig PATH] [--context NAME] [--local] [--dir DIR]',
  description:
    'Uses the cluster of the current kubeconfig ($KUBECONFIG or ~/.kube/config) when it is reachable;\n' +
    'otherwise starts the embedded local control plane (see `tsflux cluster`). Stays in the foreground\n' +
    'until Ctrl-C, then stops what it started.',
  flags: {
    kubeconfig: { type: 'string', help: 'kubeconfig to use instead of $KUBECONFIG or ~/.kube/config' },
    context: { type: 'string', help: 'kubeconfig context to use' },
    local: { type: 'boolean', help: 'always use the local control plane, even when a cluster is reachable' },
    dir: { type: 'string', help: 'state directory of the local control plane' },
  },
  async run({ flags }) {
    const kubeconfig = typeof flags.kubeconfig === 'string' ? flags.kubeconfig : defaultKubeconfigPath();
    const context = typeof flags.context === 'string' ? flags.context : undefined;
    let started: string | undefined;
    let version = flags.local ? undefined : await probe(kubeconfig, context, 3000);
    if (version) {
      const access = loadKubeconfig(kubeconfig, context);
      say(`connected to ${access.server} (context ${access.contextName}, Kubernetes ${version})`);
    } else {
      if (!flags.local) say(`no reachable cluster in ${kubeconfig}; starting the local control plane`);
      const dir = typeof flags.dir === 'string' ? flags.dir : defaultClusterDir();
      const wasRunning = runningServers(dir).length > 0;
      const state = await startControlPlane({ dir, log: say });
      if (!wasRunning) started = dir;
      version = state.version;
      say(
        `connected to the local control plane https://127.0.0.1:${state.apiserverPort} (Kubernetes ${version})`,
      );
      say(`kubeconfig: ${state.kubeconfig}`);
    }
    say('running; press Ctrl-C to stop');
    await new Promise<void>((resolve) => {
      // signal listeners do not keep node's event loop alive; this timer does, until a signal comes
      const keepAlive = setInterval(() => {}, 1 << 30);
      const stop = () => {
        clearInterval(keepAlive);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    say('stopping');
    if (started) await stopControlPlane(started);
    return 0;
  },
};
