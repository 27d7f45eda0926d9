import { FLUX_APPLY_ORDER, kindRank } from '../../engines/kind-order/index.ts';
import type { KubeObject } from '../kube/index.ts';
import { parseApiVersion } from '../kube/index.ts';

/**
 * An object's identity as Flux prints it: `<kind>/<namespace>/<name>`, or `<kind>/<name>` for
 * cluster-scoped objects (e.g. `Deployment/apps/podinfo`, `Namespace/apps`).
 */
export function formatObject(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${obj.kind}/${ns}/${obj.metadata?.name}` : `${obj.kind}/${obj.metadata?.name}`;
}

/** The API group of an object (empty for the core group). */
export function groupOf(obj: KubeObject): string {
  return parseApiVersion(obj.apiVersion ?? '').group;
}

/**
 * Tells whether an object goes into the first apply stage, as Flux decides: CustomResourceDefinitions,
 * Namespaces and ClusterRoles, which later objects of the same set may depend on.
 */
export function isClusterDefinition(obj: KubeObject): boolean {
  const kind = (obj.kind ?? '').toLowerCase();
  const apiVersion = obj.apiVersion ?? '';
  return (
    (kind === 'customresourcedefinition' && apiVersion.startsWith('apiextensions.k8s.io/')) ||
    (kind === 'namespace' && apiVersion === 'v1') ||
    (kind === 'clusterrole' && apiVersion.startsWith('rbac.authorization.k8s.io/'))
  );
}

/**
 * Tells whether an object goes into Flux's second apply stage: class definitions such as
 * StorageClass, IngressClass, PriorityClass or GatewayClass (any kind named `*Class`).
 */
export function isClassDefinition(obj: KubeObject): boolean {
  return (obj.kind ?? '').endsWith('Class');
}

/**
 * Tells whether any `key: value` of `selector` is among the object's labels or annotations.
 * Values compare case-insensitively, as Flux's do (`Disabled` and `disabled` both opt out).
 */
export function matchesAnyMetadata(
  obj: KubeObject | undefined,
  selector: Record<string, string> = {},
): boolean {
  if (!obj) return false;
  const labels = obj.metadata?.labels ?? {};
  const annotations = obj.metadata?.annotations ?? {};
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  return Object.entries(selector).some(([k, v]) => same(labels[k], v) || same(annotations[k], v));
}

// the order in which kinds are applied (reversed for deletion): Flux's, shared with the engines
const rank = (kind: string | undefined) => kindRank(FLUX_APPLY_ORDER, kind);

/** Compares two objects for apply order: kind rank, then kind, namespace and name. */
export function compareForApply(a: KubeObject, b: KubeObject): number {
  return (
    rank(a.kind) - rank(b.kind) ||
    (a.kind ?? '').localeCompare(b.kind ?? '') ||
    (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') ||
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')
  );
}

/** A deep copy of a JSON-shaped value. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}
