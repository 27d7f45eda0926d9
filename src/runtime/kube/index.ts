export { KubeClient, type KubeList, type KubeObject, type KubeRequest, type WatchEvent } from './client.ts';
export { isConflict, isNotFound, KubeApiError } from './errors.ts';
export { type ClusterAccess, defaultKubeconfigPath, loadKubeconfig, renderKubeconfig } from './kubeconfig.ts';
export { type ResourceRef, resourcePath } from './paths.ts';
