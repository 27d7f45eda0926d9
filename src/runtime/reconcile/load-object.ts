import type { KubeObject } from '../kube/index.ts';
import type { CacheLookup } from './cache-reaches.ts';

/**
 * The first step of every reconcile: the object from the manager's cache (never the API server),
 * as a private copy the run may change, with its kind (and apiVersion when given) filled in, as
 * a listed object lacks them and events and patches name them. Undefined when it is gone.
 */
export function loadObject<T extends KubeObject>(
  cache: CacheLookup<T>,
  key: { namespace?: string; name: string },
  type: { kind: string; apiVersion?: string },
): T | undefined {
  const cached = cache.get(key.namespace, key.name);
  if (!cached) return undefined;
  const obj = structuredClone(cached);
  if (type.apiVersion) obj.apiVersion ??= type.apiVersion;
  obj.kind ??= type.kind;
  return obj;
}
