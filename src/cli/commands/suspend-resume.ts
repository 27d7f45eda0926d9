import { toError } from '../../engines/errors/index.ts';
import type { KubeClient } from '../../runtime/kube/index.ts';
import { CliError, type Command } from '../command.ts';
import { assertControllerRuns } from '../controller-status.ts';
import { type FluxObject, type KindAdapter, kindRef, readyCondition, resolveKindWords } from '../kinds.ts';
import { clientFromFlags, kubeFlags, namespaceFromFlags } from '../kube-flags.ts';
import { progress, requestReconcile, timeoutFlag, waitHandled } from '../wait.ts';

/** The objects a suspend/resume invocation names: one by name, or every one with --all. */
async function targets(
  kube: KubeClient,
  a: KindAdapter,
  namespace: string,
  rest: string[],
  all: boolean,
): Promise<string[]> {
  if (!a.suspendable) throw new CliError(`${a.kind.kind} cannot be suspended`, 2);
  if (all)
    return (await kube.list<FluxObject>(kindRef(a, namespace))).items.map((o) => String(o.metadata?.name));
  if (rest.length === 0) throw new CliError(`a ${a.kind.kind} name is required (or --all)`, 2);
  return rest;
}

const sharedFlags = {
  ...kubeFlags,
  all: { type: 'boolean' as const, help: 'every object of the kind in the namespace' },
};

/** `tsflux suspend <kind> <name>`: stops reconciling an object until it is resumed. */
export const suspendCommand: Command = {
  name: 'suspend',
  summary: 'suspend the reconciliation of Flux objects',
  usage: '<kind> [name...] [--all] [flags]',
  flags: sharedFlags,
  async run({ flags, args }) {
    const { adapters, rest } = resolveKindWords(args);
    const a = adapters[0];
    const namespace = namespaceFromFlags(flags) ?? 'flux-system';
    const kube = clientFromFlags(flags);
    try {
      for (const name of await targets(kube, a, namespace, rest, flags.all === true)) {
        progress.action(`suspending ${a.kind.kind} ${name} in ${namespace} namespace`);
        await kube.mergePatch(kindRef(a, namespace, name), { spec: { suspend: true } });
        progress.success(`${a.kind.kind} suspended`);
      }
      return 0;
    } finally {
      kube.close();
    }
  },
};

/** `tsflux resume <kind> <name>`: resumes reconciling and waits for the first outcome. */
export const resumeCommand: Command = {
  name: 'resume',
  summary: 'resume suspended Flux objects and wait for their reconciliation',
  usage: '<kind> [name...] [--all] [flags]',
  flags: {
    ...sharedFlags,
    'no-wait': { type: 'boolean', help: 'do not wait for the reconciliation' },
    timeout: { type: 'string', default: '5m', help: 'how long to wait' },
  },
  async run({ flags, args }) {
    const { adapters, rest } = resolveKindWords(args);
    const a = adapters[0];
    const namespace = namespaceFromFlags(flags) ?? 'flux-system';
    const timeoutMs = timeoutFlag(flags.timeout, 300_000);
    const kube = clientFromFlags(flags);
    try {
      let failed = 0;
      // resuming is fine without a controller; waiting for one that does not run is not
      if (!flags['no-wait']) await assertControllerRuns(kube, a, namespace);
      for (const name of await targets(kube, a, namespace, rest, flags.all === true)) {
        progress.action(`resuming ${a.kind.kind} ${name} in ${namespace} namespace`);
        const token = await requestReconcile(kube, a, namespace, name, {
          extraPatch: { spec: { suspend: false } },
        });
        progress.success(`${a.kind.kind} resumed`);
        // v1beta3 Alerts and Providers have no status to wait on
        if (flags['no-wait'] || a.fixedReady) continue;
        progress.waiting(`waiting for ${a.kind.kind} reconciliation`);
        try {
          const done = await waitHandled(kube, a, namespace, name, token, timeoutMs);
          progress.success(readyCondition(done)?.message ?? `${a.kind.kind} reconciliation completed`);
        } catch (e: unknown) {
          if (rest.length === 1 && !flags.all) throw e;
          progress.failure(toError(e).message);
          failed++;
        }
      }
      return failed ? 1 : 0;
    } finally {
      kube.close();
    }
  },
};
