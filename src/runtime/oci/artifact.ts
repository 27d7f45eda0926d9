import type { RegistryClient } from './client.ts';
import type { Descriptor, ImageIndex, ImageManifest } from './media-types.ts';
import { MediaType, OciAnnotation } from './media-types.ts';

/** What `push artifact` records about the content's origin. */
export interface ArtifactMetadata {
  /** `org.opencontainers.image.source`, e.g. the Git URL. */
  source?: string;
  /** `org.opencontainers.image.revision`, e.g. `main@sha1:<commit>`. */
  revision?: string;
  /** `org.opencontainers.image.created`; default now. */
  created?: string;
  annotations?: Record<string, string>;
}

/**
 * Pushes a Flux artifact: the tar.gz `content` as a layer of media type
 * `application/vnd.cncf.flux.content.v1.tar+gzip`, an empty JSON config of type
 * `application/vnd.cncf.flux.config.v1+json`, and the `org.opencontainers.image.*` annotations on
 * the manifest, tagged `tag`. Returns the manifest digest. The format is `flux push artifact`'s, so
 * either tool consumes what the other pushed.
 */
export async function pushArtifact(
  client: RegistryClient,
  repository: string,
  tag: string,
  content: Buffer,
  metadata: ArtifactMetadata = {},
): Promise<{ digest: string; manifest: ImageManifest }> {
  const config = await client.pushBlob(repository, Buffer.from('{}'), MediaType.FluxConfig);
  const layer = await client.pushBlob(repository, content, MediaType.FluxContent);
  const annotations: Record<string, string> = {
    [OciAnnotation.Created]: metadata.created ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    ...(metadata.source ? { [OciAnnotation.Source]: metadata.source } : {}),
    ...(metadata.revision ? { [OciAnnotation.Revision]: metadata.revision } : {}),
    ...metadata.annotations,
  };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config,
    layers: [layer],
    annotations,
  };
  const digest = await client.putManifest(repository, tag, manifest);
  return { digest, manifest };
}

/** Selects the layer to use from a manifest, as OCIRepository's `spec.layerSelector`. */
export interface LayerSelector {
  /** Media type of the layer; default the first layer. */
  mediaType?: string;
  /** `extract` (untar the layer) or `copy` (store the layer as it is). */
  operation?: 'extract' | 'copy';
}

/** A pulled artifact: the manifest digest, its annotations and the selected layer's bytes. */
export interface PulledArtifact {
  digest: string;
  manifest: ImageManifest;
  layer: Descriptor;
  content: Buffer;
}

/**
 * Pulls an artifact by tag or digest: resolves an index to its linux/amd64 (or first) image, picks the
 * layer by media type (default: the first layer, as Flux does), downloads it with digest
 * verification and a size limit.
 */
export async function pullArtifact(
  client: RegistryClient,
  repository: string,
  reference: string,
  options: { selector?: LayerSelector; maxBytes?: number } = {},
): Promise<PulledArtifact> {
  let got = await client.getManifest(repository, reference);
  if ('manifests' in got.manifest) {
    // the linux/amd64 child, as Go's registry clients pick by default, else the first one
    const children = (got.manifest as ImageIndex).manifests;
    const child =
      children.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64') ?? children[0];
    if (!child) throw new Error(`index ${reference} of ${repository} has no manifests`);
    const digest = got.digest;
    got = await client.getManifest(repository, child.digest);
    got.digest = digest;
  }
  const manifest = got.manifest as ImageManifest;
  const wanted = options.selector?.mediaType;
  const layer = wanted ? manifest.layers.find((l) => l.mediaType === wanted) : manifest.layers[0];
  if (!layer) {
    throw new Error(
      wanted ? `failed to find layer with media type '${wanted}' in artifact` : 'no layers found in artifact',
    );
  }
  const content = await client.getBlob(repository, layer, options.maxBytes);
  return { digest: got.digest, manifest, layer, content };
}
