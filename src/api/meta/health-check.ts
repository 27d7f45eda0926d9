/**
 * Schemas shared by several Flux kinds (CustomHealthCheck).
 */
import Type from 'typebox';

/** CustomHealthCheck: shared by several Flux kinds. */
export const CustomHealthCheck = Type.Object({
  apiVersion: Type.String(),
  current: Type.String(),
  failed: Type.Optional(Type.String()),
  inProgress: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
});
/** CustomHealthCheck, as TypeScript. */
export type CustomHealthCheck = Type.Static<typeof CustomHealthCheck>;
