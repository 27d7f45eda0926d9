/**
 * Schemas shared by several Flux kinds (ImageRef).
 */
import Type from 'typebox';

/** ImageRef: shared by several Flux kinds. */
export const ImageRef = Type.Object({
  digest: Type.Optional(Type.String()),
  name: Type.String(),
  tag: Type.String(),
});
/** ImageRef, as TypeScript. */
export type ImageRef = Type.Static<typeof ImageRef>;
