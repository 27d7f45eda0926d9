/**
 * Schemas shared by several Flux kinds (DependencyReference).
 */
import Type from 'typebox';

/** DependencyReference: shared by several Flux kinds. */
export const DependencyReference = Type.Object({
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
  readyExpr: Type.Optional(Type.String()),
});
/** DependencyReference, as TypeScript. */
export type DependencyReference = Type.Static<typeof DependencyReference>;
