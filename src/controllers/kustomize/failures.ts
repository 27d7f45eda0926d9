import { parseDuration } from '../../api/meta/index.ts';
import { WaitingError } from '../../runtime/reconcile/index.ts';
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
 * A failed reconcile in Flux's kustomize-controller way: Ready False with `reason`, retried after
 * `spec.retryInterval` (not an exponential backoff).
 */
export function failure(
  obj: KustomizationObject,
  reason: string,
  message: string,
  cause?: unknown,
): WaitingError {
  return new WaitingError(reason, retryIntervalMs(obj), message, { cause });
}

/** The message of anything caught. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A wait Flux only logs, without an event: the source or its artifact is not there yet. Ready is
 * False with `reason` all the same.
 */
export class QuietWaitingError extends WaitingError {
  override name = 'QuietWaitingError';
}
