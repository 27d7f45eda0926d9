import { type KubeClient, mergePatchDiff, type ResourceRef } from '../kube/index.ts';

/**
 * The one status diff-and-patch: sends the JSON merge patch that turns `before` into `after` on
 * the status subresource, and nothing when they are equal (at thousands of objects, no-op
 * writes are a large share of a controller's requests). Returns the object the API server
 * returned, or undefined when nothing was sent; errors (NotFound included) reach the caller.
 */
export async function patchStatusDiff<T = unknown>(
  kube: KubeClient,
  ref: ResourceRef,
  before: unknown,
  after: unknown,
): Promise<T | undefined> {
  const patch = mergePatchDiff(before ?? {}, after ?? {});
  if (patch === undefined) return undefined;
  return kube.patchStatus<T>(ref, { status: patch });
}
