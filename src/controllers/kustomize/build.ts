import { KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { toError } from '../../engines/errors/index.ts';
import {
  artifactFileSystem,
  PathNotFoundError,
  renderKustomization,
} from '../../engines/kustomization-build/index.ts';
import type { KubeObject } from '../../engines/kustomize/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { failure } from './failures.ts';
import { decryptionKeys, substituteFromSources } from './inputs.ts';

/**
 * Turns the downloaded artifact into the objects to apply with the offline Flux pipeline
 * (`engines/kustomization`), after reading what it needs from the cluster (SOPS keys,
 * substituteFrom variables): a bad archive or a missing `spec.path` is `ArtifactFailed`, any
 * build, decryption or substitution problem `BuildFailed`.
 */
export async function buildObjects(
  env: KustomizeEnv,
  obj: KustomizationObject,
  tgz: Uint8Array,
): Promise<KubeObject[]> {
  let fs: Awaited<ReturnType<typeof artifactFileSystem>>;
  try {
    fs = await artifactFileSystem(tgz);
  } catch (e: unknown) {
    throw failure(
      obj,
      KustomizationReason.ArtifactFailed,
      `failed to extract artifact: ${toError(e).message}`,
      e,
    );
  }
  const decryption = await decryptionKeys(env, obj);
  const substituteFrom = obj.spec.postBuild ? await substituteFromSources(env, obj) : [];
  try {
    return (await renderKustomization(fs, obj.spec, { decryption, substituteFrom })).objects;
  } catch (e: unknown) {
    if (e instanceof PathNotFoundError) throw failure(obj, KustomizationReason.ArtifactFailed, e.message, e);
    throw failure(obj, KustomizationReason.BuildFailed, toError(e).message, e);
  }
}
