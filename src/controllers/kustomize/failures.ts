import { parseDuration } from '../../api/meta/index.ts';
import { TransientError, WaitingError } from '../../runtime/reconcile/index.ts';
import type { KustomizationObject } from './env.ts';

/** `spec.retryInterval`, defaulting to `spec.interval` as in Flux. */
export function retryIntervalMs(obj: KustomizationObject): number {
  return parseDuration(obj.spec.retryInterval ?? obj.spec.interval);
}

/** `spec.timeout`, defaulting to `spec.interval` as in Flux. */
export function timeoutMs(obj: KustomizationObject): number {
  return parseDuration(obj.spec.timeout ?? obj.spec.interval);
}

/**
 * A failed step that may work next time (a read, a download, an apply, a build of the source's
 * content): Ready False with `reason` and a Warning event. The exit retries it after
 * `spec.retryInterval`, as Flux's kustomize-controller does, not with a backoff. `_obj` is
 * unused: the retry delay moved to the exit, the call sites still pass the Kustomization.
 */
export function failure(
  _obj: KustomizationObject,
  reason: string,
  message: string,
  cause?: unknown,
): TransientError {
  return new TransientError(reason, message, { cause });
}

/**
 * A wait Flux only logs, without an event: the source or its artifact is not there yet. Ready is
 * False with `reason` all the same.
 */
export class QuietWaitingError extends WaitingError {
  override name = 'QuietWaitingError';
}
