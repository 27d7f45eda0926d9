/**
 * Schemas shared by several Flux kinds (OIDCIdentityMatch).
 */
import Type from 'typebox';

/** OIDCIdentityMatch: shared by several Flux kinds. */
export const OIDCIdentityMatch = Type.Object({
  issuer: Type.String(),
  subject: Type.String(),
});
/** OIDCIdentityMatch, as TypeScript. */
export type OIDCIdentityMatch = Type.Static<typeof OIDCIdentityMatch>;
