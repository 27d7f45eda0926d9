import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultClusterDir,
  runningServers,
  startControlPlane,
  stopControlPlane,
} from '../../cluster/index.ts';
import {
  applyManifests,
  availableControllers,
  installManifests,
  managerOptionsFromFlags,
  startManager,
} from '../../manager/index.ts';
import { defaultKubeconfigPath, isConflict, KubeClient, loadKubeconfig } from '../../runtime/kube/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { CliError, type Command, type Invocation } from '../command.ts';
import { mergeContext } from '../local/kubeconfig-context.ts';
import { acquirePidLock } from '../local/pid-lock.ts';
import { tickingLog } from '../local/progress-ticker.ts';
import { stateDir } from '../local/state-dir.ts';
import { localManagerFlags } from '../manager-flags.ts';
import { stopWithin, untilSignal } from './controller.ts';

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

const isLoopback = (server: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(server).hostname);

/**
 * `tsflux up`: the main job. Uses the cluster of the current kubeconfig when it answers, else
 * starts the local control plane; installs the CRDs, runs the manager, and stays in the
 * foreground until interrupted, stopping only what it started.
 */
export const upCommand: Command = {
  name: 'up',
  summary:
    'connect to the current cluster (or start a local one), install the CRDs and run tsflux until Ctrl-C',
  usage: '[--kubeconfig PATH] [--context NAME] [--local] [--dir DIR] [manager flags]',
  description:
    'Uses the cluster of the current kubeconfig ($KUBECONFIG or ~/.kube/config) when it is reachable;\n' +
    'otherwise starts the embedded local control plane (see `tsflux cluster`). Installs the Flux CRDs and\n' +
    'runs the manager (see `tsflux controller`) in this process. On a cluster whose API server runs on\n' +
    'this machine, older API versions are served through the conversion webhook. Stays in the\n' +
    'foreground until Ctrl-C, then stops what it started.',
  flags: {
    kubeconfig: { type: 'string', help: 'kubeconfig to use instead of $KUBECONFIG or ~/.kube/config' },
    context: { type: 'string', help: 'kubeconfig context to use' },
    local: { type: 'boolean', help: 'always use the local control plane, even when a cluster is reachable' },
    dir: { type: 'string', help: 'state directory of the local control plane' },
    ...localManagerFlags,
  },
  async run({ flags }) {
    let options: ReturnType<typeof managerOptionsFromFlags>;
    const state = stateDir();
    try {
      options = managerOptionsFromFlags(
        { ...flags, 'storage-path': flags['storage-path'] ?? join(state, 'storage') },
        availableControllers,
      );
    } catch (e: unknown) {
      throw new CliError(toError(e).message, 2);
    }
    mkdirSync(state, { recursive: true });
    const release = acquirePidLock(join(state, 'up.pid'), 'up');
    try {
      return await runUp(flags, options);
    } finally {
      release();
    }
  },
};

/** The Namespace the manager lives in (and every command defaults to), created when missing. */
async function ensureNamespace(kube: KubeClient, name: string): Promise<void> {
  try {
    await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name } });
    say(`created namespace ${name}`);
  } catch (e: unknown) {
    if (!isConflict(e)) throw e;
  }
}

/** Writes the local cluster into the user's kubeconfig as context `tsflux`, saying what changed. */
function shareKubeconfig(target: string, local: string): void {
  try {
    const merged = mergeContext(target, local);
    say(
      merged.current
        ? `kubeconfig: context 'tsflux' in ${target} (the current context: tsflux and kubectl in another shell use it)`
        : `kubeconfig: context 'tsflux' added to ${target}; the current context stays '${merged.kept}' (use --context tsflux, or 'kubectl config use-context tsflux')`,
    );
  } catch (e: unknown) {
    say(`kubeconfig: ${local} (could not add it to ${target}: ${toError(e).message})`);
  }
}

async function runUp(
  flags: Invocation['flags'],
  options: ReturnType<typeof managerOptionsFromFlags>,
): Promise<number> {
  let kubeconfig = typeof flags.kubeconfig === 'string' ? flags.kubeconfig : defaultKubeconfigPath();
  let context = typeof flags.context === 'string' ? flags.context : undefined;
  let started: string | undefined;
  const version = flags.local ? undefined : await probe(kubeconfig, context, 3000);
  if (version) {
    const access = loadKubeconfig(kubeconfig, context);
    say(`connected to ${access.server} (context ${access.contextName}, Kubernetes ${version})`);
  } else {
    if (!flags.local) say(`no reachable cluster in ${kubeconfig}; starting the local control plane`);
    const dir = typeof flags.dir === 'string' ? flags.dir : defaultClusterDir();
    const wasRunning = runningServers(dir).length > 0;
    const ticker = tickingLog(say);
    const state = await startControlPlane({ dir, log: ticker.log }).finally(ticker.stop);
    if (!wasRunning) started = dir;
    context = undefined;
    say(
      `connected to the local control plane https://127.0.0.1:${state.apiserverPort} (Kubernetes ${state.version})`,
    );
    shareKubeconfig(kubeconfig, state.kubeconfig);
    kubeconfig = state.kubeconfig;
  }
  const kube = new KubeClient(loadKubeconfig(kubeconfig, context), { userAgent: 'tsflux' });
  try {
    if (isLoopback(kube.access.server) && options.webhookAddr) {
      options.webhookUrl ??= 'https://127.0.0.1:{port}';
    } else if (!options.webhookUrl) {
      // a remote API server cannot reach a webhook on this machine: serve the storage versions only
      options.webhookAddr = '';
      await applyManifests(kube, installManifests({ crdsOnly: true, namespace: options.namespace }), {
        fieldManager: 'tsflux',
      });
    }
    await ensureNamespace(kube, options.namespace);
    say('installing the CRDs and starting the manager');
    const manager = await startManager(kube, options, say);
    say(`manager ready (metrics on port ${manager.ports.metrics}, probes on port ${manager.ports.health})`);
    say('running; press Ctrl-C to stop');
    await untilSignal();
    say('stopping');
    await stopWithin(() => manager.stop(), 30_000, say);
  } finally {
    kube.close();
    if (started) await stopControlPlane(started);
  }
  return 0;
}
