import { groupVersion, type Resource } from './resource.ts';

const FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** The kinds sorted first and last: kustomize's defaults, or a kustomization's legacySortOptions. */
export interface KindOrder {
  orderFirst?: string[];
  orderLast?: string[];
}

function rank(kind: string, first: string[], last: string[]): number {
  const f = first.indexOf(kind);
  if (f >= 0) return f - first.length;
  const l = last.indexOf(kind);
  return l >= 0 ? l + 1 : 0;
}

function gvkString(r: Resource): string {
  const { group, version } = groupVersion(r.obj.apiVersion);
  return `${group || '~G'}_${version || '~V'}_${r.obj.kind || '~K'}`;
}

/**
 * kustomize's default "legacy" output order: kinds in the install order (namespaces, CRDs,
 * service accounts, RBAC, config, services, workloads ... webhooks last), then by
 * group/version/kind text, namespace and name. Stable for equal ids.
 */
export function legacySort(resources: Resource[], order: KindOrder = {}): Resource[] {
  const first = order.orderFirst ?? FIRST;
  const last = order.orderLast ?? LAST;
  const key = (r: Resource) => ({
    rank: rank(r.obj.kind, first, last),
    gvk: gvkString(r),
    rest: `${r.obj.metadata?.namespace || '~X'}|${r.obj.metadata?.name || '~N'}`,
  });
  return resources
    .map((r, i) => ({ r, i, k: key(r) }))
    .sort((a, b) => {
      if (a.k.rank !== b.k.rank) return a.k.rank - b.k.rank;
      if (a.k.gvk !== b.k.gvk) return a.k.gvk < b.k.gvk ? -1 : 1;
      if (a.k.rest !== b.k.rest) return a.k.rest < b.k.rest ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.r);
}
