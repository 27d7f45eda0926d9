export { type ControlPlaneBinaries, controlPlaneBinaries, controlPlaneCacheKey } from './binaries.ts';
export {
  type ClusterState,
  defaultClusterDir,
  isReady,
  readClusterState,
  restartServer,
  runningServers,
  type StartOptions,
  startControlPlane,
  stopControlPlane,
} from './control-plane.ts';
export { ETCD_VERSION, KUBERNETES_VERSION } from './versions.ts';
