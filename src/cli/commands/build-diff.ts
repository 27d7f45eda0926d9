import { renderYaml } from '../../engines/kustomization-build/index.ts';
import type { KubeObject } from '../../engines/kustomize/index.ts';
import type { KubeClient } from '../../runtime/kube/index.ts';
import { ResourceManager } from '../../runtime/ssa/index.ts';
import {
  type CliKustomization,
  kustomizationFromCluster,
  kustomizationFromFile,
  renderLocal,
} from '../build-diff/local-build.ts';
import { printDiff } from '../build-diff/print-diff.ts';
import { substituteFromVariables } from '../build-diff/substitution.ts';
import { CliError, type Command, type Invocation } from '../command.ts';
import { aliasesOf } from '../kinds.ts';
import { clientFromFlags, kubeFlags } from '../kube-flags.ts';
import { helmReleaseSubcommands } from './build-diff-helm.ts';

const sharedFlags = {
  ...kubeFlags,
  path: { type: 'string', help: 'local directory to build, in place of the artifact at spec.path' },
  'kustomization-file': {
    type: 'string',
    help: 'local file with the Kustomization (default: read it from the cluster)',
  },
  'strict-substitute': {
    type: 'boolean',
    help: 'fail when a variable without a default is not set in postBuild',
  },
} as const;

interface Loaded {
  ks: CliKustomization;
  objects: KubeObject[];
  kube?: KubeClient;
}

/** Reads the Kustomization (cluster or file) and renders `--path` as the controller would. */
async function load(inv: Invocation, offline: boolean): Promise<Loaded> {
  const [name] = inv.args;
  if (!name) throw new CliError('a Kustomization name is required', 2);
  if (typeof inv.flags.path !== 'string') throw new CliError('--path is required', 2);
  const namespace = typeof inv.flags.namespace === 'string' ? inv.flags.namespace : 'flux-system';
  const file = inv.flags['kustomization-file'];
  if (offline && typeof file !== 'string') throw new CliError('--dry-run needs --kustomization-file', 2);
  const kube = offline ? undefined : clientFromFlags(inv.flags);
  try {
    const ks =
      typeof file === 'string'
        ? kustomizationFromFile(file, name, namespace)
        : await kustomizationFromCluster(kube as KubeClient, name, namespace);
    const substituteFrom = await substituteFromVariables(ks, kube);
    const strict = inv.flags['strict-substitute'] === true;
    return { ks, objects: await renderLocal(ks, inv.flags.path, { substituteFrom, strict }), kube };
  } catch (e: unknown) {
    kube?.close();
    throw e;
  }
}

const buildKustomizationCommand: Command = {
  name: 'kustomization',
  aliases: aliasesOf('Kustomization'),
  summary: 'render a Kustomization from a local directory, as the controller would',
  usage: 'NAME --path DIR [--kustomization-file FILE] [--dry-run]',
  description:
    "Builds DIR with the Kustomization's spec (patches, images, namePrefix, targetNamespace, components,\n" +
    'commonMetadata...), generating a kustomization.yaml when there is none, applies postBuild substitution\n' +
    '(substituteFrom ConfigMaps and Secrets are read from the cluster unless --dry-run) and prints the\n' +
    'objects as YAML.',
  flags: {
    ...sharedFlags,
    'dry-run': { type: 'boolean', help: 'do not contact the cluster (needs --kustomization-file)' },
  },
  async run(inv) {
    const { objects, kube } = await load(inv, inv.flags['dry-run'] === true);
    kube?.close();
    process.stdout.write(renderYaml(objects));
    return 0;
  },
};

const diffKustomizationCommand: Command = {
  name: 'kustomization',
  aliases: aliasesOf('Kustomization'),
  summary: 'compare a local directory with the cluster (server-side dry-run); exit 1 on a difference',
  usage: 'NAME --path DIR [--kustomization-file FILE]',
  description:
    'Renders DIR as `build kustomization` does, dry-runs each object with server-side apply as the\n' +
    'kustomize-controller field manager, and prints what would be created, what drifted (with a diff,\n' +
    "Secret values masked) and, with prune enabled, what would be deleted from the Kustomization's\n" +
    'inventory. Exits 0 when nothing would change, 1 when something would.',
  flags: sharedFlags,
  async run(inv) {
    const { ks, objects, kube } = await load(inv, false);
    const client = kube as KubeClient;
    try {
      const manager = new ResourceManager(client, {
        fieldManager: 'kustomize-controller',
        owner: { name: ks.metadata.name, namespace: ks.metadata.namespace },
      });
      const changed = await printDiff(
        manager,
        objects,
        ks.spec.prune === true ? (ks.status?.inventory?.entries ?? []) : [],
      );
      return changed ? 1 : 0;
    } finally {
      client.close();
    }
  },
};

/** `tsflux build kustomization|helmrelease`: offline render of a Kustomization or a HelmRelease. */
export const buildCommand: Command = {
  name: 'build',
  summary: 'render Flux objects locally, as their controllers would',
  subcommands: [buildKustomizationCommand, helmReleaseSubcommands.build],
};

/** `tsflux diff kustomization|helmrelease`: what applying a local render would change in the cluster. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare a local render with the cluster, as its controller would apply it',
  subcommands: [diffKustomizationCommand, helmReleaseSubcommands.diff],
};
