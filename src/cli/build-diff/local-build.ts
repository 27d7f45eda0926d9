import { readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DiskFS } from '../../engines/fs/index.ts';
import { type KustomizationBuildSpec, renderKustomization } from '../../engines/kustomization-build/index.ts';
import type { KubeObject } from '../../engines/kustomize/index.ts';
import { isNotFound, type KubeClient } from '../../runtime/kube/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { CliError } from '../command.ts';
import { withRoot } from './root-paths.ts';

/** A Kustomization as the CLI reads it: from the cluster or from a local file. */
export interface CliKustomization {
  metadata: { name: string; namespace: string };
  spec: KustomizationBuildSpec & { postBuild?: PostBuild; [k: string]: unknown };
  status?: { inventory?: { entries?: { id: string; v: string }[] } };
}

/** `spec.postBuild` of a Kustomization. */
export interface PostBuild {
  substitute?: Record<string, string>;
  substituteFrom?: { kind: 'ConfigMap' | 'Secret'; name: string; optional?: boolean }[];
}

/**
 * Reads the Flux object of `kind` (API group `group`) named `name` from a local YAML file (any
 * document of that name), its namespace defaulted to `namespace`.
 */
export function fluxObjectFromFile<T extends { metadata: { name: string; namespace: string } }>(
  file: string,
  kind: { kind: string; group: string },
  name: string,
  namespace: string,
): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e: unknown) {
    throw new CliError(`cannot read ${file}: ${toError(e).message}`);
  }
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new CliError(`${file}: ${doc.errors[0].message}`);
    const o = doc.toJS() as KubeObject | null;
    if (o?.kind === kind.kind && o.apiVersion?.startsWith(`${kind.group}/`) && o.metadata?.name === name)
      return { ...o, metadata: { ...o.metadata, name, namespace: o.metadata.namespace ?? namespace } } as T;
  }
  throw new CliError(`no ${kind.kind} named '${name}' in ${file}`);
}

/** Reads the named Kustomization from a local YAML file (any document of that name). */
export function kustomizationFromFile(file: string, name: string, namespace: string): CliKustomization {
  return fluxObjectFromFile(
    file,
    { kind: 'Kustomization', group: 'kustomize.toolkit.fluxcd.io' },
    name,
    namespace,
  );
}

/** Gets the Kustomization from the cluster, with a clear error when it does not exist. */
export async function kustomizationFromCluster(
  kube: KubeClient,
  name: string,
  namespace: string,
): Promise<CliKustomization> {
  try {
    return await kube.get<CliKustomization>({
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      resource: 'kustomizations',
      namespace,
      name,
    });
  } catch (e: unknown) {
    if (isNotFound(e)) throw new CliError(`Kustomization '${namespace}/${name}' not found`);
    throw e;
  }
}

/**
 * Renders a local directory as the controller would render `spec.path` of the artifact: the
 * Kustomization's spec overlay, Flux's generated kustomization when there is none, the owner
 * labels, and postBuild substitution with the given `substituteFrom` variables (the inline map is
 * merged by the engine). Files outside `dir` (`../base`) may be loaded, as in Flux.
 */
export async function renderLocal(
  ks: CliKustomization,
  dir: string,
  substitution: { substituteFrom: Record<string, string>[]; strict: boolean },
): Promise<KubeObject[]> {
  const abs = nodePath.resolve(dir);
  if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory())
    throw new CliError(`invalid resource path "${dir}"`);
  const root = nodePath.parse(abs).root;
  try {
    const result = await renderKustomization(
      new DiskFS(root),
      { ...ks.spec, path: nodePath.relative(root, abs) },
      {
        substituteFrom: substitution.substituteFrom,
        strictSubstitution: substitution.strict,
        owner: { name: ks.metadata.name, namespace: ks.metadata.namespace },
      },
    );
    return result.objects;
  } catch (e: unknown) {
    throw new CliError(withRoot(toError(e).message, root, nodePath.relative(root, abs)));
  }
}
