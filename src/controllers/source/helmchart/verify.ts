import type { HelmChartSpec } from '../../../api/source/v1/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import type { Conditioned } from '../../../runtime/conditions/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { StallingError } from '../../../runtime/reconcile/index.ts';

/**
 * `spec.verify` of a chart from an OCI HelmRepository cannot be honoured: tsflux carries no cosign
 * or notation verifier. Instead of serving an unverified chart as verified, the HelmChart gets
 * SourceVerified=False with Flux's reason `VerificationError` and its message shape, and stalls
 * until `verify` changes.
 */
export function chartVerificationUnavailable(
  obj: Conditioned,
  verify: NonNullable<HelmChartSpec['verify']>,
): StallingError {
  const provider = verify.provider ?? 'cosign';
  const label = provider === 'cosign' && !verify.secretRef ? 'cosign keyless' : provider;
  const text =
    `failed to verify the signature using provider '${label}': ` +
    `${provider} signature verification is not supported by tsflux; remove spec.verify to use unverified charts`;
  conditions.markFalse(obj, SourceCondition.SourceVerified, SourceReason.VerificationError, text);
  return new StallingError(SourceReason.VerificationError, text);
}
