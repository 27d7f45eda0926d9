/**
 * Schemas shared by several Flux kinds (ResourceRef).
 */
import Type from 'typebox';

/** ResourceRef: shared by several Flux kinds. */
export const ResourceRef = Type.Object({
  id: Type.String(),
  v: Type.String(),
});
/** ResourceRef, as TypeScript. */
export type ResourceRef = Type.Static<typeof ResourceRef>;
