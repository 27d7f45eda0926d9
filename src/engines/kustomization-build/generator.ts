import { parseAllDocuments } from 'yaml';
import { joinPath, type VirtualFS } from '../fs/index.ts';
import type { KustomizationBuildSpec } from './spec.ts';

/** The file names kustomize recognises as a kustomization, in its order of preference. */
export const KustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A failure of the Flux pipeline before or around the kustomize build, with Flux's wording. */
export class KustomizationBuildError extends Error {
  override name = 'KustomizationBuildError';
}

/** The kustomization file of a directory, if it has one. */
export function findKustomizationFile(fs: VirtualFS, dir: string): string | undefined {
  for (const name of KustomizationFileNames) {
    const path = joinPath(dir, name);
    if (fs.exists(path) && !fs.isDir(path)) return path;
  }
  return undefined;
}

/**
 * Flux's generated kustomization for a directory without one: every `.yaml`/`.yml` manifest below
 * it in walk order; a subdirectory with its own kustomization is one resource and not entered.
 * A file that does not hold Kubernetes objects fails the build, as in Flux.
 */
export function generateResources(fs: VirtualFS, dir: string): string[] {
  const resources: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of fs.readDir(d)) {
      const path = joinPath(d, name);
      if (fs.isDir(path)) {
        if (findKustomizationFile(fs, path)) resources.push(`${rel}${name}`);
        else walk(path, `${rel}${name}/`);
        continue;
      }
      if (!/\.ya?ml$/.test(name)) continue;
      for (const doc of parseAllDocuments(fs.readFile(path))) {
        const obj = doc.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
        if (obj === null || obj === undefined) continue;
        if (typeof obj !== 'object' || !obj.apiVersion || !obj.kind)
          throw new KustomizationBuildError(`failed to decode Kubernetes YAML from ${path}`);
      }
      resources.push(`${rel}${name}`);
    }
  };
  walk(dir, '');
  return resources;
}

/**
 * The root kustomization Flux builds: the directory's own (or a generated one), with the
 * Kustomization spec merged in the way kustomize-controller writes it before building:
 * `targetNamespace` as the namespace, `namePrefix`/`nameSuffix`, `patches` appended, `images`
 * replacing same-named entries, `components` appended (missing ones dropped with
 * `ignoreMissingComponents`). Returns the file path and its new content.
 */
export function fluxKustomizationFile(
  fs: VirtualFS,
  dir: string,
  spec: KustomizationBuildSpec,
): { path: string; content: string } {
  const existing = findKustomizationFile(fs, dir);
  let k: Record<string, unknown>;
  if (existing) {
    const docs = parseAllDocuments(fs.readFile(existing));
    const first = docs[0];
    if (first?.errors.length)
      throw new KustomizationBuildError(`${existing}: ${first.errors[0]?.message ?? 'invalid yaml'}`);
    const value = first?.toJS() ?? {};
    if (typeof value !== 'object' || Array.isArray(value) || value === null)
      throw new KustomizationBuildError(`${existing}: kustomization is not a map`);
    k = value as Record<string, unknown>;
  } else {
    k = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: generateResources(fs, dir),
    };
  }
  if (spec.targetNamespace) k.namespace = spec.targetNamespace;
  if (spec.namePrefix) k.namePrefix = spec.namePrefix;
  if (spec.nameSuffix) k.nameSuffix = spec.nameSuffix;
  if (spec.patches?.length) k.patches = [...asArray(k.patches), ...spec.patches.map(cleanPatch)];
  if (spec.images?.length) {
    const images = asArray(k.images) as { name?: string }[];
    for (const image of spec.images) {
      const i = images.findIndex((x) => x?.name === image.name);
      if (i >= 0) images[i] = image;
      else images.push(image);
    }
    k.images = images;
  }
  if (spec.components?.length) {
    const wanted = spec.ignoreMissingComponents
      ? spec.components.filter((c) => fs.exists(joinPath(dir, c)))
      : spec.components;
    if (wanted.length) k.components = [...asArray(k.components), ...wanted];
  }
  // JSON is YAML: no second emitter to keep faithful
  return { path: existing ?? joinPath(dir, 'kustomization.yaml'), content: JSON.stringify(k) };
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? [...v] : [];
}

// undefined selector fields would otherwise reach kustomize as explicit nulls
function cleanPatch(p: { patch: string; target?: Record<string, string | undefined> }) {
  if (!p.target) return { patch: p.patch };
  const target = Object.fromEntries(Object.entries(p.target).filter(([, v]) => v !== undefined && v !== ''));
  return { patch: p.patch, target };
}
