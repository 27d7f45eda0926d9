import { createHash } from 'node:crypto';
import { renderYaml } from '../../engines/kustomization-build/index.ts';
import type { KubeObject } from '../../engines/kustomize/index.ts';
import type { KubeClient } from '../../runtime/kube/index.ts';
import { ApplyAction, inventoryId, ResourceManager } from '../../runtime/ssa/index.ts';
import {
  type CliKustomization,
  kustomizationFromCluster,
  kustomizationFromFile,
  renderLocal,
} from '../build-diff/local-build.ts';
import { substituteFromVariables } from '../build-diff/substitution.ts';
import { unifiedDiff } from '../build-diff/unified-diff.ts';
import { CliError, type Command, type Invocation } from '../command.ts';
import { aliasesOf } from '../kinds.ts';
import { clientFromFlags, kubeFlags } from '../kube-flags.ts';

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

/** `Kind/namespace/name` or `Kind/name`, as Flux prints objects. */
function objectName(o: { kind?: string; metadata?: { name?: string; namespace?: string } }): string {
  const ns = o.metadata?.namespace;
  return ns ? `${o.kind}/${ns}/${o.metadata?.name}` : `${o.kind}/${o.metadata?.name}`;
}

// secret values never reach the terminal; a short hash still shows whether a value changed
function maskSecret(o: KubeObject | undefined): KubeObject | undefined {
  if (o?.kind !== 'Secret') return o;
  const out = structuredClone(o) as KubeObject & Record<string, Record<string, string> | undefined>;
  for (const field of ['data', 'stringData']) {
    const values = out[field];
    if (!values || typeof values !== 'object') continue;
    for (const [k, v] of Object.entries(values))
      values[k] = `*** (sha256:${createHash('sha256').update(String(v)).digest('hex').slice(0, 12)})`;
  }
  return out;
}

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
      let changed = false;
      const built = new Set<string>();
      for (const obj of objects) {
        const { entry, live, merged } = await manager.diff(obj);
        built.add(inventoryId(entry));
        if (entry.action === ApplyAction.Unchanged) continue;
        changed = true;
        const name = entry.subject;
        if (entry.action === ApplyAction.Created) {
          process.stdout.write(`► ${name} created\n`);
          continue;
        }
        process.stdout.write(`► ${name} drifted\n`);
        process.stdout.write(
          unifiedDiff(
            renderYaml([maskSecret(live) as KubeObject]),
            renderYaml([maskSecret(merged) as KubeObject]),
            {
              from: `live ${name}`,
              to: `merged ${name}`,
            },
          ),
        );
      }
      if (ks.spec.prune === true) {
        for (const entry of ks.status?.inventory?.entries ?? []) {
          if (built.has(entry.id)) continue;
          const [namespace, name, , kind] = entry.id.split('_');
          changed = true;
          process.stdout.write(
            `► ${objectName({ kind, metadata: { name, namespace: namespace || undefined } })} deleted\n`,
          );
        }
      }
      return changed ? 1 : 0;
    } finally {
      client.close();
    }
  },
};

/** `tsflux build kustomization`: offline render of a Kustomization. */
export const buildCommand: Command = {
  name: 'build',
  summary: 'render Flux objects locally, as their controllers would',
  subcommands: [buildKustomizationCommand],
};

/** `tsflux diff kustomization`: what applying a local directory would change in the cluster. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare a local directory with the cluster, as its controller would apply it',
  subcommands: [diffKustomizationCommand],
};
