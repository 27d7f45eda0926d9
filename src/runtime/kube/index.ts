export {
  DryRunAll,
  KubeClient,
  type KubeClientOptions,
  type KubeList,
  type KubeObject,
  type KubeRequest,
  type WatchEvent,
} from './client.ts';
export {
  type ApiResource,
  NoKindMatchError,
  parseApiVersion,
  RestMapper,
  type RestMapping,
} from './discovery.ts';
export { isConflict, isGone, isNotFound, KubeApiError } from './errors.ts';
export { inClusterAccess, isInCluster, ServiceAccountDir } from './in-cluster.ts';
export { type ClusterAccess, defaultKubeconfigPath, loadKubeconfig, renderKubeconfig } from './kubeconfig.ts';
export { mergePatchDiff } from './merge-patch.ts';
export { type ResourceRef, resourcePath } from './paths.ts';
export { DefaultBurst, DefaultQPS, TokenBucket } from './rate-limiter.ts';
export { RequestStats } from './request-stats.ts';
