/**
 * The orders in which Helm and Flux apply kinds: what other objects depend on goes first. Both
 * tools share the tail of the table (RBAC, then workloads, then webhooks); they differ at the head.
 * Kinds not in a table come after all of its kinds.
 */

/** Limits, policies, service accounts and configuration, in the same order in both tables. */
const POLICIES_AND_CONFIG = [
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
];

/** RBAC, services, workloads, ingress and webhooks, in the order both Helm and Flux apply them. */
const SHARED_TAIL = [
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

/** Helm's install order (its kind sorter's InstallOrder); uninstall is the reverse. */
export const HELM_INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  ...POLICIES_AND_CONFIG,
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  ...SHARED_TAIL,
];

/** Flux's apply order (fluxcd/pkg ssa's kind order); deletion is the reverse. */
export const FLUX_APPLY_ORDER: readonly string[] = [
  'CustomResourceDefinition',
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  ...POLICIES_AND_CONFIG,
  'PersistentVolume',
  'PersistentVolumeClaim',
  ...SHARED_TAIL,
];

const ranks = new Map<readonly string[], Map<string, number>>();

/** A kind's place in an order (one of the tables above); kinds not in it all rank last, equally. */
export function kindRank(order: readonly string[], kind: string | undefined): number {
  let rank = ranks.get(order);
  if (!rank) {
    rank = new Map(order.map((k, i) => [k, i]));
    ranks.set(order, rank);
  }
  return rank.get(kind ?? '') ?? order.length;
}
