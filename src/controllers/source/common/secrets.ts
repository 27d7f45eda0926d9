import { SourceReason } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { KubeClient } from '../../../runtime/kube/index.ts';
import { TransientError } from '../../../runtime/reconcile/index.ts';
import { readSecret as readAnySecret, type SecretData } from '../../../runtime/secrets/index.ts';

export type { SecretData };

/**
 * Reads a Secret a source references through the runtime's one reader (every value redacted from
 * then on). A Secret that cannot be read is an `AuthenticationFailed` failure, as Flux marks it.
 */
export async function readSecret(kube: KubeClient, namespace: string, name: string): Promise<SecretData> {
  try {
    return await readAnySecret(kube, namespace, name);
  } catch (e: unknown) {
    throw new TransientError(SourceReason.AuthenticationFailed, toError(e).message, { cause: e });
  }
}
