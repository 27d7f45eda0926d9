import {
  ForceRequestAnnotation,
  ReconcileRequestAnnotation,
  ResetRequestAnnotation,
} from '../../api/meta/index.ts';
import type { HelmReleaseObject } from './env.ts';

type HandledField = 'lastHandledForceAt' | 'lastHandledResetAt';

// a request counts once, and only when requestedAt carries the same token: Flux's rule, so that
// a stale forceAt left on the object never forces again on a mere reconcile request
function handleRequest(obj: HelmReleaseObject, annotation: string, field: HandledField): boolean {
  const annotations = obj.metadata?.annotations ?? {};
  const token = annotations[annotation];
  if (!token || annotations[ReconcileRequestAnnotation] !== token) return false;
  obj.status ??= {};
  if (obj.status[field] === token) return false;
  obj.status[field] = token;
  return true;
}

/**
 * Tells whether `reconcile.fluxcd.io/forceAt` asks for a one-off install or upgrade now: set,
 * equal to `reconcile.fluxcd.io/requestedAt`, and not handled yet. A true answer records the
 * token in `status.lastHandledForceAt`, so the request is honoured once.
 */
export function shouldHandleForce(obj: HelmReleaseObject): boolean {
  return handleRequest(obj, ForceRequestAnnotation, 'lastHandledForceAt');
}

/**
 * Tells whether `reconcile.fluxcd.io/resetAt` asks for the failure counts to be reset now, with
 * the same rule as {@link shouldHandleForce}; a true answer records `status.lastHandledResetAt`.
 */
export function shouldHandleReset(obj: HelmReleaseObject): boolean {
  return handleRequest(obj, ResetRequestAnnotation, 'lastHandledResetAt');
}
