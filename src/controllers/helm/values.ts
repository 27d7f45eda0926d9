import { createHash } from 'node:crypto';
import { goJsonMarshal, mergeValues, type Values, type ValuesSource } from '../../engines/helm/index.ts';
import type { KubeClient } from '../../runtime/kube/index.ts';
import { TransientError, toError } from '../../runtime/reconcile/index.ts';
import { readValuesFrom } from '../../runtime/values-from/index.ts';
import type { HelmReleaseObject } from './env.ts';

/** Flux's reason when the values cannot be composed. */
export const ValuesError = 'ValuesError';

// the merge itself is the engine's, shared with `tsflux build/diff helmrelease`
export { mergeValues, type ValuesSource };

/**
 * Reads every `valuesFrom` ConfigMap or Secret (in the HelmRelease's namespace) and merges the
 * values (see {@link mergeValues}). A missing object or key fails with Flux's words ("could not
 * find Secret 'ns/name'", "missing key 'k' in ConfigMap 'ns/name'") unless it is `optional`.
 */
export async function composeValues(kube: KubeClient, obj: HelmReleaseObject): Promise<Values> {
  try {
    const sources = await readValuesFrom(kube, obj.metadata?.namespace ?? '', obj.spec.valuesFrom ?? []);
    return mergeValues(sources, obj.spec.values);
  } catch (e: unknown) {
    throw new TransientError(ValuesError, toError(e).message, { cause: e });
  }
}

/**
 * The digest of a release's values, as Flux's `lastAttemptedConfigDigest` and history record it:
 * SHA-256 of Go's JSON encoding (sorted keys, trailing newline); empty values hash nothing.
 */
export function configDigest(values: Values | undefined): string {
  const h = createHash('sha256');
  if (values && Object.keys(values).length > 0) h.update(`${goJsonMarshal(values)}\n`);
  return `sha256:${h.digest('hex')}`;
}
