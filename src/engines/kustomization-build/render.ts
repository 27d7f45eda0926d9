import { createHash } from 'node:crypto';
import { toError } from '../errors/index.ts';
import { normalizePath, type VirtualFS } from '../fs/index.ts';
import { build, emitYamlStream, formatDiagnostic, type KubeObject } from '../kustomize/index.ts';
import { decryptResource, type SopsKeys } from '../sops/index.ts';
import { kustomizeGvk, mergeVariables, substituteObjects } from '../substitute/index.ts';
import { decryptReferencedFiles } from './decrypt-files.ts';
import { fluxKustomizationFile, KustomizationBuildError } from './generator.ts';
import { OverlayFS } from './overlay-fs.ts';
import type { KustomizationBuildSpec } from './spec.ts';

/** Options of {@link renderKustomization}: what the caller read from the cluster (or elsewhere). */
export interface RenderOptions {
  /**
   * SOPS keys (from `spec.decryption.secretRef`): when given, encrypted files the build reads
   * are decrypted first, and encrypted Secrets after the build, as the kustomize-controller does.
   * Leave it out to skip decryption (`spec.decryption` unset, or an offline build without keys).
   */
  decryption?: { keys: SopsKeys };
  /**
   * The variables of each `spec.postBuild.substituteFrom` source, in list order, already read
   * (ConfigMap data, decoded Secret data). The inline `postBuild.substitute` map is merged over
   * them here. Substitution runs only when `spec.postBuild` is set.
   */
  substituteFrom?: Record<string, string>[];
  /** Fail on `${VAR}` without a default when VAR is not set (Flux 2.9's default: true). */
  strictSubstitution?: boolean;
  /** Owner labels to set on every object (`kustomize.toolkit.fluxcd.io/name` and `/namespace`). */
  owner?: { name: string; namespace: string };
}

/** What the pipeline produced: the objects to apply, in kustomize's output order. */
export interface RenderResult {
  objects: KubeObject[];
}

/**
 * Flux's build pipeline for one Kustomization, offline: checks `spec.path`, writes the root
 * kustomization (generated when absent) with the spec overlay, decrypts the sops files it reads,
 * builds it with the kustomize engine (files anywhere in the artifact may be loaded, as Flux
 * allows), then per object: checks it is a Kubernetes object, decrypts encrypted Secrets,
 * substitutes postBuild variables, and adds `commonMetadata` and owner labels. Throws
 * {@link KustomizationBuildError} with Flux's messages ({@link PathNotFoundError} for the path).
 */
export async function renderKustomization(
  fs: VirtualFS,
  spec: KustomizationBuildSpec,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const dir = normalizePath(spec.path ?? '');
  if (!fs.isDir(dir)) throw new PathNotFoundError(spec.path ?? './');
  let overlay: OverlayFS;
  try {
    const root = fluxKustomizationFile(fs, dir, spec);
    let decrypted: Record<string, Uint8Array> = {};
    if (options.decryption)
      try {
        decrypted = await decryptReferencedFiles(fs, root, options.decryption.keys);
      } catch (e: unknown) {
        // Flux's wording for a generator's or patch's file that fails to decrypt
        throw new KustomizationBuildError(`error decrypting sources: ${toError(e).message}`, { cause: e });
      }
    overlay = new OverlayFS(fs, { ...decrypted, [root.path]: root.content });
  } catch (e: unknown) {
    if (e instanceof KustomizationBuildError) throw e;
    throw new KustomizationBuildError(`kustomize build failed: ${toError(e).message}`, { cause: e });
  }
  const result = build(overlay, dir, { loadRestrictor: 'none' });
  const firstError = result.diagnostics.find((d) => d.severity === 'error');
  if (firstError)
    throw new KustomizationBuildError(`kustomize build failed: ${formatDiagnostic(firstError)}`);
  let objects: KubeObject[] = [];
  for (const raw of result.resources) {
    if (!raw?.apiVersion || !raw?.kind || !raw?.metadata?.name)
      throw new KustomizationBuildError(
        `failed to decode Kubernetes apiVersion, kind and name from: ${emitYamlStream([raw ?? {}]).trim()}`,
      );
    let obj = raw;
    if (options.decryption) {
      try {
        obj = (await decryptResource(obj, options.decryption.keys)) ?? obj;
      } catch (e: unknown) {
        throw new KustomizationBuildError(
          `decryption failed for '${kustomizeGvk(obj)}/${obj.metadata?.name ?? ''}': ${toError(e).message}`,
          { cause: e },
        );
      }
    }
    objects.push(obj);
  }
  if (spec.postBuild) {
    const vars = mergeVariables(options.substituteFrom ?? [], spec.postBuild.substitute);
    try {
      objects = substituteObjects(objects, vars, {
        strict: options.strictSubstitution ?? true,
        always: spec.postBuild.substituteStrategy === 'Always',
      }) as KubeObject[];
    } catch (e: unknown) {
      throw new KustomizationBuildError(toError(e).message, { cause: e });
    }
  }
  for (const obj of objects) {
    setMetadata(obj, spec.commonMetadata?.labels, spec.commonMetadata?.annotations);
    if (options.owner)
      setMetadata(obj, {
        'kustomize.toolkit.fluxcd.io/name': options.owner.name,
        'kustomize.toolkit.fluxcd.io/namespace': options.owner.namespace,
      });
  }
  return { objects };
}

/** The objects as one multi-document YAML stream, as `flux build kustomization` prints them. */
export function renderYaml(objects: KubeObject[]): string {
  return emitYamlStream(objects);
}

/** A stable digest of a build's output (`sha256:<hex>`), for Flux's reconcile history. */
export function buildDigest(objects: KubeObject[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(objects)).digest('hex')}`;
}

/** `spec.path` does not exist in the artifact; Flux reports it as an artifact failure. */
export class PathNotFoundError extends KustomizationBuildError {
  override name = 'PathNotFoundError';
  constructor(path: string) {
    super(`kustomization path not found: stat ${path}: no such file or directory`);
  }
}

// metadata only, never selectors or pod templates: Flux's commonMetadata semantics
function setMetadata(obj: KubeObject, labels?: Record<string, string>, annotations?: Record<string, string>) {
  obj.metadata ??= {};
  if (labels && Object.keys(labels).length) obj.metadata.labels = { ...obj.metadata.labels, ...labels };
  if (annotations && Object.keys(annotations).length)
    obj.metadata.annotations = { ...obj.metadata.annotations, ...annotations };
}
