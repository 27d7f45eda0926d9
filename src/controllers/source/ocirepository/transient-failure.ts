import { TransientError } from '../../../runtime/reconcile/index.ts';
import { failed, message, type OCIRepositoryObject } from './object.ts';

/**
 * Records a failed fetch step that may succeed on retry: a TransientError of `reason` whose message
 * chains `context` and the cause's message (`failed to pull artifact from '...': <cause>`).
 */
export function transientFailure(
  obj: OCIRepositoryObject,
  reason: string,
  context: string,
  e: unknown,
): Error {
  return failed(obj, new TransientError(reason, `${context}: ${message(e)}`, { cause: e }));
}
