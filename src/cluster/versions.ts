/**
 * The pinned versions of the local control plane. They must match `scripts/control-plane/go.mod`
 * (k8s.io/kubernetes and the etcd server module); the cache key is derived from them, so bumping a
 * version here and in go.mod triggers exactly one rebuild.
 */
export const KUBERNETES_VERSION = 'v1.35.4';
export const ETCD_VERSION = 'v3.6.5';

/** Packages the wrapper module builds, and the binary name each one produces. */
export const CONTROL_PLANE_PACKAGES = [
  { pkg: 'k8s.io/kubernetes/cmd/kube-apiserver', binary: 'kube-apiserver', built: 'kube-apiserver' },
  {
    pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager',
    binary: 'kube-controller-manager',
    built: 'kube-controller-manager',
  },
  // the etcd server's main package is the module root, so `go build` names the binary 'server' (the path element before the major version)
  { pkg: 'go.etcd.io/etcd/server/v3', binary: 'etcd', built: 'server' },
] as const;

export type ControlPlaneBinary = (typeof CONTROL_PLANE_PACKAGES)[number]['binary'];

/**
 * The pinned kwok release (`scripts/kwok/go.mod`): it simulates the nodes of a workload-capable
 * local cluster, turning scheduled Pods Running and Ready and Job Pods Succeeded.
 */
export const KWOK_VERSION = 'v0.8.0';
