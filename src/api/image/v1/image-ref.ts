/**
 * Image references, shared by ImagePolicy and ImageUpdateAutomation status.
 */
import Type from 'typebox';

/** An image reference split into name, tag and digest, as ImagePolicy reports it. */
export const ImageRef = Type.Object({
  digest: Type.Optional(Type.String()),
  name: Type.String(),
  tag: Type.String(),
});
/** ImageRef, as TypeScript. */
export type ImageRef = Type.Static<typeof ImageRef>;
