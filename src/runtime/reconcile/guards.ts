import { Finalizer, ReconcileRequestAnnotation } from '../../api/meta/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../kube/index.ts';

/** True when the object has Flux's finalizer (or the one named). */
export function hasFinalizer(obj: KubeObject, finalizer: string = Finalizer): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** True when the object is being deleted (it has a deletionTimestamp). */
export function isDeleting(obj: KubeObject): boolean {
  return Boolean(obj.metadata?.deletionTimestamp);
}

/** True when `spec.suspend` is true: the controller leaves the object alone. */
export function isSuspended(obj: KubeObject): boolean {
  return (obj.spec as { suspend?: unknown } | undefined)?.suspend === true;
}

/** The value of `reconcile.fluxcd.io/requestedAt`, if set. */
export function reconcileRequest(obj: KubeObject): string | undefined {
  return obj.metadata?.annotations?.[ReconcileRequestAnnotation] || undefined;
}

// The finalizer list is patched with the object's resourceVersion, so a concurrent change of the
// list is a conflict (and a retry), never silently lost.
async function patchFinalizers(
  kube: KubeClient,
  ref: ResourceRef,
  obj: KubeObject,
  next: string[],
): Promise<void> {
  const updated = await kube.mergePatch<KubeObject>(ref, {
    metadata: { finalizers: next.length ? next : null, resourceVersion: obj.metadata?.resourceVersion },
  });
  obj.metadata ??= {};
  obj.metadata.finalizers = updated.metadata?.finalizers;
  obj.metadata.resourceVersion = updated.metadata?.resourceVersion;
}

/** Adds the finalizer if missing; returns true when it patched the object. */
export async function addFinalizer(
  kube: KubeClient,
  ref: ResourceRef,
  obj: KubeObject,
  finalizer: string = Finalizer,
): Promise<boolean> {
  if (hasFinalizer(obj, finalizer)) return false;
  await patchFinalizers(kube, ref, obj, [...(obj.metadata?.finalizers ?? []), finalizer]);
  return true;
}

/** Removes the finalizer if present, letting the API server finish a deletion. */
export async function removeFinalizer(
  kube: KubeClient,
  ref: ResourceRef,
  obj: KubeObject,
  finalizer: string = Finalizer,
): Promise<boolean> {
  if (!hasFinalizer(obj, finalizer)) return false;
  await patchFinalizers(
    kube,
    ref,
    obj,
    (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer),
  );
  return true;
}
