/**
 * Schemas shared by several Flux kinds (GitRepositoryInclude, GitRepositoryRef).
 */
import Type from 'typebox';
import { LocalObjectReference } from '../../meta/references.ts';

/** GitRepositoryInclude: shared by several Flux kinds. */
export const GitRepositoryInclude = Type.Object({
  fromPath: Type.Optional(Type.String()),
  repository: LocalObjectReference,
  toPath: Type.Optional(Type.String()),
});
/** GitRepositoryInclude, as TypeScript. */
export type GitRepositoryInclude = Type.Static<typeof GitRepositoryInclude>;

/** GitRepositoryRef: shared by several Flux kinds. */
export const GitRepositoryRef = Type.Object({
  branch: Type.Optional(Type.String()),
  commit: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  semver: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String()),
});
/** GitRepositoryRef, as TypeScript. */
export type GitRepositoryRef = Type.Static<typeof GitRepositoryRef>;
