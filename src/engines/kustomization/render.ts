import { createHash } from 'node:crypto';
import { normalizePath, type VirtualFS } from '../fs/index.ts';
import { build, emitYamlStream, formatDiagnostic, type KubeObject } from '../kustomize/index.ts';
import { fluxKustomizationFile, KustomizationBuildError } from './generator.ts';
import { OverlayFS } from './overlay-fs.ts';
import type { KustomizationBuildSpec } from './spec.ts';

/** The annotation (or label) that keeps postBuild substitution away from one object. */
export const SubstituteAnnotation = 'kustomize.toolkit.fluxcd.io/substitute';

/** Options of {@link renderKustomization}: the seams the controller and the CLI fill in. */
export interface RenderOptions {
  /**
   * Decrypts one built object (SOPS-encrypted Secrets); called before substitution, as Flux
   * does. Absent: objects pass through unchanged.
   */
  decrypt?: (obj: KubeObject) => KubeObject;
  /**
   * Substitutes postBuild variables in one object; called only when `spec.postBuild` is set and
   * the object does not opt out with `kustomize.toolkit.fluxcd.io/substitute: disabled`.
   */
  substitute?: (obj: KubeObject) => KubeObject;
  /** Owner labels to set on every object (`kustomize.toolkit.fluxcd.io/name` and `/namespace`). */
  owner?: { name: string; namespace: string };
}

/** What the pipeline produced: the objects to apply, in kustomize's output order. */
export interface RenderResult {
  objects: KubeObject[];
}

/**
 * Flux's build pipeline for one Kustomization, offline and pure: checks `spec.path`, writes the
 * root kustomization (generated when absent) with the spec overlay, builds it with the kustomize
 * engine (files anywhere in the artifact may be loaded, as Flux allows), then per object: checks
 * it is a Kubernetes object, decrypts, substitutes, and adds `commonMetadata` and owner labels.
 * Throws {@link KustomizationBuildError} with Flux's messages; `pathNotFound` tells the path case.
 */
export function renderKustomization(
  fs: VirtualFS,
  spec: KustomizationBuildSpec,
  options: RenderOptions = {},
): RenderResult {
  const dir = normalizePath(spec.path ?? '');
  if (!fs.isDir(dir)) throw new PathNotFoundError(spec.path ?? './');
  let overlay: OverlayFS;
  try {
    const root = fluxKustomizationFile(fs, dir, spec);
    overlay = new OverlayFS(fs, { [root.path]: root.content });
  } catch (e: unknown) {
    throw new KustomizationBuildError(`kustomize build failed: ${messageOf(e)}`, { cause: e });
  }
  const result = build(overlay, dir, { loadRestrictor: 'none' });
  const firstError = result.diagnostics.find((d) => d.severity === 'error');
  if (firstError)
    throw new KustomizationBuildError(`kustomize build failed: ${formatDiagnostic(firstError)}`);
  const objects = result.resources.map((raw) => {
    if (!raw?.apiVersion || !raw?.kind || !raw?.metadata?.name)
      throw new KustomizationBuildError(
        `failed to decode Kubernetes object: ${JSON.stringify(raw?.metadata ?? {})}`,
      );
    let obj = options.decrypt ? options.decrypt(raw) : raw;
    if (spec.postBuild && options.substitute && !substitutionDisabled(obj)) obj = options.substitute(obj);
    setMetadata(obj, spec.commonMetadata?.labels, spec.commonMetadata?.annotations);
    if (options.owner)
      setMetadata(obj, {
        'kustomize.toolkit.fluxcd.io/name': options.owner.name,
        'kustomize.toolkit.fluxcd.io/namespace': options.owner.namespace,
      });
    return obj;
  });
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

function substitutionDisabled(obj: KubeObject): boolean {
  const v = obj.metadata?.annotations?.[SubstituteAnnotation] ?? obj.metadata?.labels?.[SubstituteAnnotation];
  return typeof v === 'string' && v.toLowerCase() === 'disabled';
}

// metadata only, never selectors or pod templates: Flux's commonMetadata semantics
function setMetadata(obj: KubeObject, labels?: Record<string, string>, annotations?: Record<string, string>) {
  obj.metadata ??= {};
  if (labels && Object.keys(labels).length) obj.metadata.labels = { ...obj.metadata.labels, ...labels };
  if (annotations && Object.keys(annotations).length)
    obj.metadata.annotations = { ...obj.metadata.annotations, ...annotations };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
