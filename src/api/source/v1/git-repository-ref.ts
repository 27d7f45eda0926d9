/**
 * Git references and includes, shared by GitRepository and ImageUpdateAutomation.
 */
import Type from 'typebox';
import { LocalObjectReference } from '../../meta/index.ts';

/** Another GitRepository whose artifact is copied into this one, from `fromPath` to `toPath`. */
export const GitRepositoryInclude = Type.Object({
  fromPath: Type.Optional(Type.String()),
  repository: LocalObjectReference,
  toPath: Type.Optional(Type.String()),
});
/** GitRepositoryInclude, as TypeScript. */
export type GitRepositoryInclude = Type.Static<typeof GitRepositoryInclude>;

/** The Git reference to check out: branch, tag, semver range, name or commit. */
export const GitRepositoryRef = Type.Object({
  branch: Type.Optional(Type.String()),
  commit: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  semver: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String()),
});
/** GitRepositoryRef, as TypeScript. */
export type GitRepositoryRef = Type.Static<typeof GitRepositoryRef>;
