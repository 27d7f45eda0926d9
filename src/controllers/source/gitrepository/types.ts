import type { Artifact } from '../../../api/index.ts';
import type { GitRepositorySpec, GitRepositoryStatus } from '../../../api/source/v1/index.ts';
import type { SourceObject } from '../common/source-object.ts';

/** A GitRepository as the reconciler reads and writes it. */
export type GitRepositoryObject = SourceObject & {
  spec: GitRepositorySpec;
  status?: SourceObject['status'] &
    Omit<GitRepositoryStatus, 'artifact' | 'conditions'> & {
      includedArtifacts?: Artifact[];
    };
};
