import { ForceRequestAnnotation, ResetRequestAnnotation } from '../../api/index.ts';
import { toError } from '../../engines/errors/index.ts';
import type { KubeClient } from '../../runtime/kube/index.ts';
import { CliError, type Command } from '../command.ts';
import { assertControllerRuns } from '../controller-status.ts';
import {
  adapterForKind,
  type FluxObject,
  type KindAdapter,
  kindRef,
  namedObject,
  readyCondition,
} from '../kinds.ts';
import { clientFromFlags, kubeFlags, namespaceFromFlags } from '../kube-flags.ts';
import { progress, requestReconcile, timeoutFlag, waitHandled } from '../wait.ts';

async function reconcileOne(
  kube: KubeClient,
  a: KindAdapter,
  namespace: string,
  name: string,
  timeoutMs: number,
  sameToken: string[] = [],
): Promise<FluxObject> {
  const obj = await kube.get<FluxObject>(kindRef(a, namespace, name)).catch((e: unknown) => {
    throw new CliError(`${a.kind.kind} '${namespace}/${name}' not found: ${toError(e).message}`);
  });
  if (obj.spec?.suspend)
    throw new CliError(
      `${a.kind.kind} '${namespace}/${name}' is suspended; run 'tsflux resume ${a.words[0].join(' ')} ${name}' first`,
    );
  await assertControllerRuns(kube, a, namespace);
  progress.action(`annotating ${a.kind.kind} ${name} in ${namespace} namespace`);
  const token = await requestReconcile(kube, a, namespace, name, { sameToken });
  progress.success(`${a.kind.kind} annotated`);
  // v1beta3 Alerts and Providers have no status to wait on: read when an event comes
  if (a.fixedReady) return obj;
  progress.waiting(`waiting for ${a.kind.kind} reconciliation`);
  const done = await waitHandled(kube, a, namespace, name, token, timeoutMs);
  progress.success(readyCondition(done)?.message ?? `${a.kind.kind} reconciliation completed`);
  return done;
}

/** `tsflux reconcile <kind> <name>`: asks the controller to reconcile now and waits for the outcome. */
export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'trigger a reconciliation of a Flux object and wait for it',
  usage: '<kind> <name> [--with-source] [--force] [--reset] [flags]',
  description:
    'Sets reconcile.fluxcd.io/requestedAt and waits until the controller has handled it. For a\n' +
    'HelmRelease, --with-source first reconciles its chart (the HelmChart its spec.chart makes, or\n' +
    'its chartRef), --force sets reconcile.fluxcd.io/forceAt to the same token (a one-off install or\n' +
    'upgrade even when nothing changed) and --reset sets reconcile.fluxcd.io/resetAt (the install\n' +
    'and upgrade failure counts start again from zero).',
  flags: {
    ...kubeFlags,
    'with-source': {
      type: 'boolean',
      help: "reconcile the object's source first (kustomization, helmrelease, source chart)",
    },
    force: { type: 'boolean', help: 'helmrelease: force a one-off install or upgrade' },
    reset: { type: 'boolean', help: 'helmrelease: reset the failure counts' },
    timeout: { type: 'string', default: '5m', help: 'how long to wait' },
  },
  async run({ flags, args }) {
    const { adapter: a, name, namespace } = namedObject(args, namespaceFromFlags(flags));
    const timeoutMs = timeoutFlag(flags.timeout, 300_000);
    const sameToken = [
      ...(flags.force ? [ForceRequestAnnotation] : []),
      ...(flags.reset ? [ResetRequestAnnotation] : []),
    ];
    if (sameToken.length && a.kind.kind !== 'HelmRelease')
      throw new CliError(`--${flags.force ? 'force' : 'reset'} applies only to HelmRelease`, 2);
    const kube = clientFromFlags(flags);
    try {
      if (flags['with-source']) {
        if (!a.sourceOf) throw new CliError(`--with-source does not apply to ${a.kind.kind}`, 2);
        const obj = await kube.get<FluxObject>(kindRef(a, namespace, name));
        const ref = a.sourceOf(obj);
        const sa = ref && adapterForKind(ref.kind);
        if (!ref || !sa)
          throw new CliError(
            `${a.kind.kind} '${namespace}/${name}' has no source reference tsflux can reconcile`,
          );
        await reconcileOne(kube, sa, ref.namespace ?? namespace, ref.name, timeoutMs);
      }
      await reconcileOne(kube, a, namespace, name, timeoutMs, sameToken);
      return 0;
    } finally {
      kube.close();
    }
  },
};
