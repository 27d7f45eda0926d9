import type { KubeObject } from '../../engines/kustomize/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';

/**
 * The postBuild substitution of one Kustomization: a function over one built object, or
 * undefined when nothing is to be substituted.
 *
 * SEAM: `src/engines/substitute` (Flux's `${var}` substitution from `postBuild.substitute` and
 * `substituteFrom` ConfigMaps/Secrets) is being written separately; until it is wired here,
 * objects pass through unchanged.
 */
export async function substitutionFor(
  _env: KustomizeEnv,
  _obj: KustomizationObject,
): Promise<((o: KubeObject) => KubeObject) | undefined> {
  return undefined;
}

/**
 * The SOPS decryption of one Kustomization (`spec.decryption`): a function over one built
 * object, or undefined without decryption.
 *
 * SEAM: `src/engines/sops` (age and PGP) is being written separately; until it is wired here,
 * objects pass through unchanged.
 */
export async function decryptionFor(
  _env: KustomizeEnv,
  _obj: KustomizationObject,
): Promise<((o: KubeObject) => KubeObject) | undefined> {
  return undefined;
}
