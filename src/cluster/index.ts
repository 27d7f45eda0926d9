export { type ControlPlaneBinaries, controlPlaneBinaries, controlPlaneCacheKey } from './binaries.ts';
export {
  type ClusterState,
  defaultClusterDir,
  expectedServers,
  isReady,
  readClusterState,
  restartServer,
  runningServers,
  type StartOptions,
  startControlPlane,
  stopControlPlane,
} from './control-plane.ts';
export { FAKE_NODE_NAME } from './fake-nodes.ts';
export { ETCD_VERSION, KUBERNETES_VERSION, KWOK_VERSION } from './versions.ts';
export { type WorkloadBinaries, workloadBinaries } from './workload-binaries.ts';
