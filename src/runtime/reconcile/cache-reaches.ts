import type { KubeObject } from '../kube/index.ts';

/** What a reconcile reads its object from: an informer, or anything that looks one up by name. */
export interface CacheLookup<T extends KubeObject = KubeObject> {
  get(namespace: string | undefined, name: string): T | undefined;
}

/**
 * Waits (at most `timeoutMs`) until the cache holds the object at `resourceVersion` or a later
 * one, or no longer holds it. A reconcile that just wrote a status calls it so the next reconcile
 * of the object (the queue runs one at a time per object) never starts from an older status:
 * it would build and announce the same artifact again, or drop conditions with its merge patch.
 */
export async function cacheReaches(
  cache: CacheLookup,
  namespace: string | undefined,
  name: string,
  resourceVersion: string,
  timeoutMs = 2_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const cached = cache.get(namespace, name);
    // resourceVersions are etcd revisions, increasing
    if (!cached || Number(cached.metadata?.resourceVersion ?? 0) >= Number(resourceVersion)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
