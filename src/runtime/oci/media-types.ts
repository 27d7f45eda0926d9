/** Media types of OCI manifests, indexes and Flux artifacts. */
export const MediaType = {
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** The config blob of artifacts made by `flux push artifact` (and tsflux's). */
  FluxConfig: 'application/vnd.cncf.flux.config.v1+json',
  /** The content layer of Flux artifacts: a tar+gzip of the pushed files. */
  FluxContent: 'application/vnd.cncf.flux.content.v1.tar+gzip',
  OciEmptyJson: 'application/vnd.oci.empty.v1+json',
} as const;

/** Annotations Flux writes on artifact manifests and reads back into `status.artifact.metadata`. */
export const OciAnnotation = {
  Created: 'org.opencontainers.image.created',
  Source: 'org.opencontainers.image.source',
  Revision: 'org.opencontainers.image.revision',
} as const;

/** A descriptor in a manifest. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string };
}

/** An OCI image manifest (also covers Docker v2 schema 2). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** An OCI index / Docker manifest list. */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}
