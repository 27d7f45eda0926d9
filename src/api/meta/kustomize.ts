/**
 * Schemas shared by several Flux kinds (CommonMetadata, Selector, IgnoreRule, Image, Patch).
 */
import Type from 'typebox';
import { StringMap } from './schema-helpers.ts';

/** CommonMetadata: shared by several Flux kinds. */
export const CommonMetadata = Type.Object({
  annotations: Type.Optional(StringMap()),
  labels: Type.Optional(StringMap()),
});
/** CommonMetadata, as TypeScript. */
export type CommonMetadata = Type.Static<typeof CommonMetadata>;

/** Selector: shared by several Flux kinds. */
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

/** IgnoreRule: shared by several Flux kinds. */
export const IgnoreRule = Type.Object({
  paths: Type.Array(Type.String()),
  target: Type.Optional(Selector),
});
/** IgnoreRule, as TypeScript. */
export type IgnoreRule = Type.Static<typeof IgnoreRule>;

/** Image: shared by several Flux kinds. */
export const Image = Type.Object({
  digest: Type.Optional(Type.String()),
  name: Type.String(),
  newName: Type.Optional(Type.String()),
  newTag: Type.Optional(Type.String()),
});
/** Image, as TypeScript. */
export type Image = Type.Static<typeof Image>;

/** Patch: shared by several Flux kinds. */
export const Patch = Type.Object({
  patch: Type.String(),
  target: Type.Optional(Selector),
});
/** Patch, as TypeScript. */
export type Patch = Type.Static<typeof Patch>;
