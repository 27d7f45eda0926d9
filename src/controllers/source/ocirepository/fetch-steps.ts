import { SourceReason } from '../../../api/source/v1/index.ts';
import type { Descriptor, ImageIndex, ImageManifest, RegistryClient } from '../../../runtime/oci/index.ts';
import { TransientError } from '../../../runtime/reconcile/index.ts';
import { type RepositoryUrl, selectArtifactRef, validDigest } from './artifact-ref.ts';
import { failed, type OCIRepositoryObject } from './object.ts';
import { pickSemverTag } from './semver-tag.ts';
import { transientFailure } from './transient-failure.ts';

/** The tag or digest to pull, resolving `semver` against the repository's tags. */
export async function resolveRef(
  obj: OCIRepositoryObject,
  client: RegistryClient,
  repo: RepositoryUrl,
): Promise<{ tag?: string; digest?: string }> {
  const ref = selectArtifactRef(obj.spec.ref);
  if (ref.type === 'digest') return { digest: ref.digest };
  if (ref.type === 'tag') return { tag: ref.tag };
  try {
    return { tag: pickSemverTag(await client.listTags(repo.repository), ref.semver, ref.filter) };
  } catch (e: unknown) {
    throw transientFailure(
      obj,
      SourceReason.ReadOperationFailed,
      `failed to determine the artifact tag for '${obj.spec.url}'`,
      e,
    );
  }
}

/** Flux's revision: `<tag>@sha256:<manifest digest>`, or the digest alone for a digest ref. */
export async function resolveRevision(
  obj: OCIRepositoryObject,
  client: RegistryClient,
  repo: RepositoryUrl,
  ref: { tag?: string; digest?: string },
): Promise<{ revision: string; digest: string }> {
  try {
    if (ref.digest) {
      if (!validDigest(ref.digest)) throw new Error(`unsupported digest '${ref.digest}'`);
      return { revision: ref.digest, digest: ref.digest };
    }
    const digest = await client.resolveDigest(repo.repository, ref.tag ?? 'latest');
    return { revision: `${ref.tag}@${digest}`, digest };
  } catch (e: unknown) {
    throw transientFailure(obj, SourceReason.OCIArtifactPullFailed, 'failed to determine artifact digest', e);
  }
}

/** The manifest of the artifact (the linux/amd64 image of an index), fetched by digest. */
export async function pullManifest(
  obj: OCIRepositoryObject,
  client: RegistryClient,
  repo: RepositoryUrl,
  digest: string,
): Promise<ImageManifest> {
  try {
    const got = await client.getManifest(repo.repository, digest);
    if (!('manifests' in got.manifest)) return got.manifest;
    // Flux pulls an index as go-containerregistry does: the child for the default platform
    const child = (got.manifest as ImageIndex).manifests.find(
      (m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64',
    );
    if (!child)
      throw new Error(
        `no child with platform linux/amd64 in index ${repo.host}/${repo.repository}@${digest}`,
      );
    return (await client.getManifest(repo.repository, child.digest)).manifest as ImageManifest;
  } catch (e: unknown) {
    throw transientFailure(
      obj,
      SourceReason.OCIArtifactPullFailed,
      `failed to pull artifact from '${obj.spec.url}'`,
      e,
    );
  }
}

export function layerFailed(obj: OCIRepositoryObject, text: string, cause?: unknown): Error {
  return failed(obj, new TransientError(SourceReason.OCIArtifactLayerOperationFailed, text, { cause }));
}

/** The layer `spec.layerSelector.mediaType` names, or the first one. */
export function selectLayer(obj: OCIRepositoryObject, manifest: ImageManifest): Descriptor {
  const layers = manifest.layers ?? [];
  if (layers.length === 0) throw layerFailed(obj, 'no layers found in artifact');
  const wanted = obj.spec.layerSelector?.mediaType;
  if (!wanted) return layers[0];
  const found = layers.find((l) => l.mediaType === wanted);
  if (!found) throw layerFailed(obj, `failed to find layer with media type '${wanted}' in artifact`);
  return found;
}
