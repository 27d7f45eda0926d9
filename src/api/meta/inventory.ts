/**
 * Inventory entries of applied objects (Kustomization and HelmRelease status).
 */
import Type from 'typebox';

/** One inventory entry: an object id (`namespace_name_group_kind`) and its version. */
export const ResourceRef = Type.Object({
  id: Type.String(),
  v: Type.String(),
});
/** ResourceRef, as TypeScript. */
export type ResourceRef = Type.Static<typeof ResourceRef>;
