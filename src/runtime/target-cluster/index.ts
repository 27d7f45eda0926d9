export {
  serviceAccountUser,
  type TargetCluster,
  TargetClusterError,
  type TargetClusterSpec,
  targetCluster,
} from './target-cluster.ts';
