import type { ImageRef } from '../../../api/image/v1/index.ts';
import { ConditionReason, parseDuration } from '../../../api/meta/index.ts';
import { TransientError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageEnv, ImagePolicyObject, ImageRepositoryObject } from '../env.ts';
import { parseImageName } from '../image-name.ts';
import { registryClient } from '../repository/registry-client.ts';

/** `spec.digestReflectionPolicy`, `Never` when unset. */
export const digestPolicyOf = (obj: ImagePolicyObject) => obj.spec.digestReflectionPolicy ?? 'Never';

/**
 * Sets `latest.digest` as `spec.digestReflectionPolicy` asks, as Flux's reflector does: `Never`
 * leaves it out; `IfNotPresent` keeps the previous digest while the name and tag stay the same,
 * and asks the registry otherwise; `Always` asks the registry at every run (the policy then runs
 * at its `interval`). The registry is asked with the repository's own credentials and TLS, by a
 * `HEAD` of the tag's manifest.
 */
export async function reflectDigest(
  env: ImageEnv,
  obj: ImagePolicyObject,
  repo: ImageRepositoryObject,
  latest: ImageRef,
  previous: ImageRef | undefined,
  signal: AbortSignal,
): Promise<void> {
  const policy = digestPolicyOf(obj);
  delete latest.digest;
  if (policy === 'Never') return;
  if (
    policy === 'IfNotPresent' &&
    previous?.digest &&
    previous.name === latest.name &&
    previous.tag === latest.tag
  ) {
    latest.digest = previous.digest;
    return;
  }
  const ref = `${latest.name}:${latest.tag}`;
  const image = parseImageName(repo.spec.image);
  const timeoutMs = parseDuration(repo.spec.timeout ?? repo.spec.interval);
  // the client's own errors (credentials, TLS, provider) are typed already
  const client = await registryClient(env.kube, repo, image, {
    timeoutMs,
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  try {
    latest.digest = await client.resolveDigest(image.repository, latest.tag);
  } catch (e: unknown) {
    throw new TransientError(
      ConditionReason.ReconciliationFailed,
      `failed fetching digest of ${ref}: failed fetching descriptor for "${ref}": ${toError(e).message}`,
      { cause: e },
    );
  }
}
