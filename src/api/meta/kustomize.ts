/**
 * Kustomize-style fields shared by Kustomization and HelmRelease post-renderers.
 */
import Type from 'typebox';
import { StringMap } from './schema-helpers.ts';

/** Labels and annotations added to every object applied. */
export const CommonMetadata = Type.Object({
  annotations: Type.Optional(StringMap()),
  labels: Type.Optional(StringMap()),
});
/** CommonMetadata, as TypeScript. */
export type CommonMetadata = Type.Static<typeof CommonMetadata>;

/** Picks the resources a patch applies to: group, version, kind, name, namespace, label and annotation selectors. */
export const Selector = Type.Object({
  annotationSelector: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  labelSelector: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
});
/** Selector, as TypeScript. */
export type Selector = Type.Static<typeof Selector>;

/** JSON pointers of fields to ignore in drift detection, for the resources a selector picks. */
export const IgnoreRule = Type.Object({
  paths: Type.Array(Type.String()),
  target: Type.Optional(Selector),
});
/** IgnoreRule, as TypeScript. */
export type IgnoreRule = Type.Static<typeof IgnoreRule>;

/** A kustomize image override: a new name, tag or digest for an image. */
export const Image = Type.Object({
  digest: Type.Optional(Type.String()),
  name: Type.String(),
  newName: Type.Optional(Type.String()),
  newTag: Type.Optional(Type.String()),
});
/** Image, as TypeScript. */
export type Image = Type.Static<typeof Image>;

/** An inline strategic merge or JSON 6902 patch and the resources it applies to. */
export const Patch = Type.Object({
  patch: Type.String(),
  target: Type.Optional(Selector),
});
/** Patch, as TypeScript. */
export type Patch = Type.Static<typeof Patch>;
