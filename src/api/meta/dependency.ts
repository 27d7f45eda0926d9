/**
 * Dependencies between Flux objects (Kustomization and HelmRelease `dependsOn`).
 */
import Type from 'typebox';

/** An object that must be Ready (or satisfy `readyExpr`) before this one is reconciled. */
export const DependencyReference = Type.Object({
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
  readyExpr: Type.Optional(Type.String()),
});
/** DependencyReference, as TypeScript. */
export type DependencyReference = Type.Static<typeof DependencyReference>;
