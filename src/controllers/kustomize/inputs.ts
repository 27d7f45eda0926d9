import { KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { toError } from '../../engines/errors/index.ts';
import { keysFromSecretData, type SopsKeys } from '../../engines/sops/index.ts';
import { varsFromConfigMapData, varsFromSecretData } from '../../engines/substitute/index.ts';
import { isNotFound } from '../../runtime/kube/index.ts';
import { redactor } from '../../runtime/logging/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { failure } from './failures.ts';

/**
 * The variables of each `spec.postBuild.substituteFrom` source, in list order, read from the
 * Kustomization's namespace: ConfigMap data, decoded Secret data (registered with the redactor).
 * A missing source is skipped when `optional`, else the build fails, as in Flux.
 */
export async function substituteFromSources(
  env: KustomizeEnv,
  obj: KustomizationObject,
): Promise<Record<string, string>[]> {
  const namespace = obj.metadata?.namespace ?? '';
  const out: Record<string, string>[] = [];
  for (const ref of obj.spec.postBuild?.substituteFrom ?? []) {
    const resource = ref.kind === 'Secret' ? 'secrets' : 'configmaps';
    let source: { data?: Record<string, string> };
    try {
      source = await env.kube.get({ version: 'v1', resource, namespace, name: ref.name });
    } catch (e: unknown) {
      if (ref.optional && isNotFound(e)) continue;
      throw failure(
        obj,
        KustomizationReason.BuildFailed,
        `substitute from '${ref.kind}/${ref.name}' error: ${toError(e).message}`,
        e,
      );
    }
    if (ref.kind === 'Secret') {
      const vars = varsFromSecretData(source.data);
      for (const v of Object.values(vars)) redactor.addSecret(v);
      out.push(vars);
    } else out.push(varsFromConfigMapData(source.data));
  }
  return out;
}

/**
 * The SOPS keys of `spec.decryption` (provider `sops`): the `.agekey` and `.asc` entries of the
 * Secret in `decryption.secretRef`, or none when no Secret is named. Undefined without
 * `spec.decryption`, which turns decryption off.
 */
export async function decryptionKeys(
  env: KustomizeEnv,
  obj: KustomizationObject,
): Promise<{ keys: SopsKeys } | undefined> {
  const decryption = obj.spec.decryption;
  if (decryption?.provider !== 'sops') return undefined;
  if (!decryption.secretRef) return { keys: { age: [], pgp: { keys: [] } } };
  const namespace = obj.metadata?.namespace ?? '';
  const name = decryption.secretRef.name;
  let secret: { data?: Record<string, string> };
  try {
    secret = await env.kube.get({ version: 'v1', resource: 'secrets', namespace, name });
  } catch (e: unknown) {
    throw failure(
      obj,
      KustomizationReason.BuildFailed,
      `cannot get sops decryption Secret '${namespace}/${name}': ${toError(e).message}`,
      e,
    );
  }
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
  try {
    return { keys: await keysFromSecretData(decoded) };
  } catch (e: unknown) {
    throw failure(obj, KustomizationReason.BuildFailed, toError(e).message, e);
  }
}
