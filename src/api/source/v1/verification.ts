/**
 * Signature verification settings shared by HelmChart and OCIRepository.
 */
import Type from 'typebox';

/** An OIDC issuer and subject (regular expressions) a keyless cosign signature must match. */
export const OIDCIdentityMatch = Type.Object({
  issuer: Type.String(),
  subject: Type.String(),
});
/** OIDCIdentityMatch, as TypeScript. */
export type OIDCIdentityMatch = Type.Static<typeof OIDCIdentityMatch>;
