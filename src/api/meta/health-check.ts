/**
 * Custom CEL health checks (Kustomization and HelmRelease `healthCheckExprs`).
 */
import Type from 'typebox';

/** CEL expressions that tell the health of objects of one apiVersion and kind. */
export const CustomHealthCheck = Type.Object({
  apiVersion: Type.String(),
  current: Type.String(),
  failed: Type.Optional(Type.String()),
  inProgress: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
});
/** CustomHealthCheck, as TypeScript. */
export type CustomHealthCheck = Type.Static<typeof CustomHealthCheck>;
