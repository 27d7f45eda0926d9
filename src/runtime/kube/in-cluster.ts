import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterAccess } from './kubeconfig.ts';

/** Where kubelet mounts a pod's service account credentials. */
export const ServiceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The access of a process running in a pod: the API server from `KUBERNETES_SERVICE_HOST` and
 * `KUBERNETES_SERVICE_PORT`, the service account token (re-read as it rotates) and CA, and the
 * pod's namespace. Throws when not running in a cluster, as client-go's InClusterConfig does.
 */
export function inClusterAccess(
  env: NodeJS.ProcessEnv = process.env,
  dir: string = ServiceAccountDir,
): ClusterAccess {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new Error(
      'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  }
  const tokenFile = join(dir, 'token');
  if (!existsSync(tokenFile)) throw new Error(`open ${tokenFile}: no such file or directory`);
  const nsFile = join(dir, 'namespace');
  const caFile = join(dir, 'ca.crt');
  return {
    // IPv6 hosts need brackets in a URL
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ca: existsSync(caFile) ? readFileSync(caFile, 'utf8') : undefined,
    tokenFile,
    namespace: existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() : 'default',
    contextName: 'in-cluster',
  };
}

/** True when the process runs in a pod with a mounted service account. */
export function isInCluster(env: NodeJS.ProcessEnv = process.env, dir: string = ServiceAccountDir): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && existsSync(join(dir, 'token')));
}
