import { stringify } from 'yaml';
import { findKind } from '../../api/index.ts';
import {
  applyManifests,
  controllerForGroup,
  fluxComponents,
  fluxControllers,
  installManifests,
  manifestRef,
} from '../../manager/index.ts';
import type { KubeClient } from '../../runtime/kube/index.ts';
import { isNotFound, type KubeObject } from '../../runtime/kube/index.ts';
import type { Command } from '../command.ts';
import { liveControllers } from '../controller-status.ts';
import { kindAdapters } from '../kinds.ts';
import { clientFromFlags, kubeFlags } from '../kube-flags.ts';
import { progress } from '../wait.ts';

const installFlags = {
  kubeconfig: kubeFlags.kubeconfig,
  context: kubeFlags.context,
  namespace: kubeFlags.namespace,
  image: { type: 'string' as const, help: 'container image of the tsflux manager' },
  'crds-only': { type: 'boolean' as const, help: 'only the CRDs and the namespace' },
};

function manifests(flags: Record<string, unknown>): KubeObject[] {
  return installManifests({
    namespace: typeof flags.namespace === 'string' ? flags.namespace : undefined,
    image: typeof flags.image === 'string' ? flags.image : undefined,
    crdsOnly: flags['crds-only'] === true,
  });
}

/** `tsflux install [--export]`: applies (or prints) the CRDs, namespace, RBAC and manager Deployment. */
export const installCommand: Command = {
  name: 'install',
  summary: 'install the Flux CRDs and the tsflux manager in a cluster (or print them with --export)',
  usage: '[--export] [flags]',
  flags: {
    ...installFlags,
    export: { type: 'boolean', help: 'print the manifests as YAML instead of applying them' },
  },
  async run({ flags }) {
    const objs = manifests(flags);
    if (flags.export) {
      process.stdout.write(objs.map((o) => `---\n${stringify(o)}`).join(''));
      return 0;
    }
    const kube = clientFromFlags(flags);
    try {
      progress.action(`applying ${objs.length} objects`);
      await applyManifests(kube, objs, {
        fieldManager: 'tsflux',
        onApplied: (o) => progress.success(`${o.kind}/${o.metadata?.name} applied`),
      });
      progress.success('install finished');
      return 0;
    } finally {
      kube.close();
    }
  },
};

/** `tsflux uninstall`: removes what `install` applied (CRDs last, which deletes every Flux object). */
export const uninstallCommand: Command = {
  name: 'uninstall',
  summary: 'remove the tsflux manager, its RBAC, the namespace and the Flux CRDs',
  usage: '--silent [flags]',
  flags: {
    ...installFlags,
    silent: { type: 'boolean', short: 's', help: 'do not ask for confirmation' },
    'keep-crds': { type: 'boolean', help: 'keep the CRDs (and so every Flux object)' },
  },
  async run({ flags }) {
    if (!flags.silent) {
      process.stderr.write('uninstall deletes every Flux object in the cluster; pass --silent to confirm\n');
      return 2;
    }
    const objs = manifests(flags)
      .filter((o) => !(flags['keep-crds'] && o.kind === 'CustomResourceDefinition'))
      .reverse();
    const kube = clientFromFlags(flags);
    try {
      for (const o of objs) {
        try {
          await kube.delete(manifestRef(o), { propagationPolicy: 'Background' });
          progress.success(`${o.kind}/${o.metadata?.name} deleted`);
        } catch (e: unknown) {
          if (!isNotFound(e)) throw e;
        }
      }
      return 0;
    } finally {
      kube.close();
    }
  },
};

/**
 * Prints each of Flux's controllers (by Flux's component names, `kustomize-controller`) and whether
 * it runs (from the heartbeats the manager keeps),
 * returning the number of failures: none running at all is one.
 */
async function checkControllers(kube: KubeClient, namespace: string): Promise<number> {
  progress.action('checking controllers');
  const live = await liveControllers(kube, { managerNamespace: namespace });
  if (!live) {
    progress.failure("cannot read the controllers' heartbeats (Leases labelled tsflux.io/controller)");
    return 1;
  }
  for (const name of Object.keys(fluxControllers)) {
    const beat = live.get(name);
    const kinds = kindAdapters
      .filter((a) => controllerForGroup(a.kind.group) === name)
      .map((a) => a.kind.kind)
      .join(', ');
    for (const component of fluxComponents(name)) {
      if (beat) progress.success(`${component}: running (${beat.holder} in ${beat.namespace})`);
      else progress.failure(`${component}: not running; no controller handles ${kinds}`);
    }
  }
  if (live.size > 0) return 0;
  progress.failure("no controller is running (start tsflux with 'tsflux up')");
  return 1;
}

/** `tsflux check`: do the controllers run, and are the CRDs installed at the versions tsflux serves? */
export const checkCommand: Command = {
  name: 'check',
  summary: 'check which controllers run and that the Flux CRDs are installed at the versions tsflux serves',
  flags: {
    kubeconfig: kubeFlags.kubeconfig,
    context: kubeFlags.context,
    namespace: {
      type: 'string',
      short: 'n',
      default: 'flux-system',
      help: 'the namespace tsflux runs in (its controllers keep their heartbeats there)',
    },
  },
  async run({ flags }) {
    const kube = clientFromFlags(flags);
    const namespace = typeof flags.namespace === 'string' ? flags.namespace : 'flux-system';
    let failures = 0;
    try {
      const version = await kube.request<{ gitVersion: string }>({ path: '/version' });
      progress.success(`Kubernetes ${version.gitVersion}`);
      failures += await checkControllers(kube, namespace);
      progress.action('checking crds');
      for (const crd of installManifests({ crdsOnly: true }).filter(
        (o) => o.kind === 'CustomResourceDefinition',
      )) {
        const spec = crd.spec as { group: string; names: { kind: string } };
        const want = findKind(spec.group, spec.names.kind);
        try {
          const got = await kube.get<{
            spec: { versions: { name: string; served: boolean; storage: boolean }[] };
          }>(manifestRef(crd));
          const storage = got.spec.versions.find((v) => v.storage)?.name;
          if (storage !== want?.storageVersion) {
            progress.failure(
              `${crd.metadata?.name}: storage version ${storage}, want ${want?.storageVersion}`,
            );
            failures++;
          } else
            progress.success(
              `${crd.metadata?.name}: ${got.spec.versions
                .filter((v) => v.served)
                .map((v) => v.name)
                .join(', ')}`,
            );
        } catch (e: unknown) {
          if (!isNotFound(e)) throw e;
          progress.failure(`${crd.metadata?.name}: not installed (run 'tsflux install')`);
          failures++;
        }
      }
      return failures ? 1 : 0;
    } finally {
      kube.close();
    }
  },
};
