import type { OCIRepositorySpec } from '../../../api/source/v1/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import type { Conditioned } from '../../../runtime/conditions/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { StallingError } from '../../../runtime/reconcile/index.ts';

/**
 * `spec.verify` of an OCIRepository, or of a HelmChart from an OCI HelmRepository, cannot be
 * honoured: tsflux has no cosign or notation verifier (they need Sigstore's trust roots and
 * transparency log, or notation's trust store, none of which this build carries). Rather than serve
 * unverified `what` (charts, artifacts) as if verified, the object gets SourceVerified=False with
 * Flux's reason `VerificationError` and its message shape, and stalls until `verify` changes.
 */
export function verificationUnavailable(
  obj: Conditioned,
  verify: NonNullable<OCIRepositorySpec['verify']>,
  what: 'charts' | 'artifacts',
): StallingError {
  const provider = verify.provider ?? 'cosign';
  const label = provider === 'cosign' && !verify.secretRef ? 'cosign keyless' : provider;
  const text =
    `failed to verify the signature using provider '${label}': ` +
    `${provider} signature verification is not supported by tsflux; remove spec.verify to use unverified ${what}`;
  conditions.markFalse(obj, SourceCondition.SourceVerified, SourceReason.VerificationError, text);
  return new StallingError(SourceReason.VerificationError, text);
}
