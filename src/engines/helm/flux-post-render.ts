// Flux's post-rendering of a HelmRelease's render, kept here rather than in the helm controller so
// that `tsflux build/diff helmrelease` (the CLI may not import a controller) renders the same objects.
import { toError } from '../errors/index.ts';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow, emitYamlDocument, type KubeObject, parseYamlDocuments } from '../kustomize/index.ts';
import { sortManifests } from './manifests.ts';
import type { RenderResult } from './render.ts';

/** A kustomize post-renderer of a HelmRelease: its patches (with their targets) and images. */
export interface KustomizePostRenderer {
  patches?: { patch: string; target?: Record<string, string | undefined> }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

/** What of a HelmRelease's spec changes its rendered objects after the chart's templates. */
export interface PostRenderSpec {
  postRenderers?: { kustomize?: KustomizePostRenderer }[];
  postRenderStrategy?: 'nohooks' | 'combined' | 'separate';
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

type Spec = PostRenderSpec;

/** The annotation Helm puts on every document it hands a post-renderer, to find its file again. */
const FilenameAnnotation = 'postrenderer.helm.sh/postrender-filename';

/** One document of a render and the template file it came from. */
interface Doc {
  path: string;
  content: string;
}

/**
 * A render post-rendered as Flux's helm controller does it: each `spec.postRenderers[].kustomize`
 * in order (its strategic merge and JSON 6902 `patches` with their targets, and its `images`),
 * built by the project's kustomize engine over the rendered documents, then `commonMetadata`'s
 * labels and annotations on every object's own metadata (not on templates or selectors). Which
 * documents go through is `postRenderStrategy`'s: `combined` (the default: manifests and hooks
 * in one stream, so a patch sees both), `separate` (two streams) or `nohooks` (hooks untouched,
 * Helm 3's way). The results are sorted into manifests and hooks again, each in the file it came
 * from, as Helm does after a post-renderer. A render nothing asks to change is returned as is.
 */
export function fluxPostRender(result: RenderResult, spec: Spec): RenderResult {
  const renderers = (spec.postRenderers ?? []).flatMap((r) => (r.kustomize ? [r.kustomize] : []));
  const metadata = spec.commonMetadata;
  if (renderers.length === 0 && !metadata) return result;
  const manifests: Doc[] = result.manifests.map((m) => ({ path: m.name, content: m.content }));
  const hooks: Doc[] = result.hooks.map((h) => ({ path: h.path, content: h.manifest }));
  const run = (docs: Doc[]) => renderStream(docs, renderers, metadata);
  const strategy = spec.postRenderStrategy ?? 'combined';
  let docs: Doc[];
  if (strategy === 'combined') docs = run([...manifests, ...hooks]);
  else if (strategy === 'separate') docs = [...run(manifests), ...run(hooks)];
  else docs = run(manifests);
  const files = new Map<string, string>();
  for (const d of docs)
    files.set(d.path, files.has(d.path) ? `${files.get(d.path)}---\n${d.content}` : d.content);
  const sorted = sortManifests(files);
  return {
    ...result,
    manifests: sorted.manifests,
    hooks: strategy === 'nohooks' ? result.hooks : sorted.hooks,
  };
}

type Kustomize = KustomizePostRenderer;

// one stream through every renderer: the file of each document rides along in an annotation
function renderStream(docs: Doc[], renderers: Kustomize[], metadata: Spec['commonMetadata']): Doc[] {
  if (docs.length === 0) return [];
  let objects = docs.flatMap((d) =>
    (parseYamlDocuments(d.content) as KubeObject[]).map((o) =>
      withAnnotations(o, { [FilenameAnnotation]: d.path }),
    ),
  );
  for (const k of renderers) objects = kustomize(objects, k);
  let generated = 0;
  return objects.map((o) => {
    if (metadata?.labels)
      o.metadata = { ...o.metadata, labels: { ...o.metadata?.labels, ...metadata.labels } };
    if (metadata?.annotations) withAnnotations(o, metadata.annotations);
    const annotations = { ...o.metadata?.annotations };
    // an object a renderer added has no file: Helm names it as it names these
    const path = annotations[FilenameAnnotation] ?? `generated-by-postrender-${generated++}.yaml`;
    delete annotations[FilenameAnnotation];
    if (Object.keys(annotations).length > 0) o.metadata.annotations = annotations;
    else delete o.metadata.annotations;
    return { path, content: emitYamlDocument(o).trimEnd() };
  });
}

// a kustomization of the objects as its one resource, with the renderer's patches and images,
// as Flux writes it for kustomize to build
function kustomize(objects: KubeObject[], k: Kustomize): KubeObject[] {
  const kustomization: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['helm-output.yaml'],
  };
  if (k.patches?.length) kustomization.patches = k.patches;
  if (k.images?.length) kustomization.images = k.images;
  const fs = new MemoryFS({
    'helm-output.yaml': objects.map((o) => emitYamlDocument(o)).join('---\n'),
    'kustomization.yaml': JSON.stringify(kustomization),
  });
  return buildOrThrow(fs, '.', { loadRestrictor: 'none' });
}

function withAnnotations(o: KubeObject, annotations: Record<string, string>): KubeObject {
  o.metadata = { ...o.metadata, annotations: { ...o.metadata?.annotations, ...annotations } };
  return o;
}

/** {@link fluxPostRender}, its failure worded as Helm words a failed post-renderer. */
export function fluxPostRenderOrThrow(result: RenderResult, spec: Spec): RenderResult {
  try {
    return fluxPostRender(result, spec);
  } catch (e: unknown) {
    throw new Error(`error while running post render on files: ${toError(e).message}`, { cause: e });
  }
}
