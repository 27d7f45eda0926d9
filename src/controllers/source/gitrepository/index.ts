export { gitRepositoryKind } from './git-repository-kind.ts';
export type { GitRepositoryObject } from './types.ts';
