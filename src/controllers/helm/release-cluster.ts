import { TransientError } from '../../runtime/reconcile/index.ts';
import { TargetClusterError, targetCluster } from '../../runtime/target-cluster/index.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';

/** Flux's reason when the client of a HelmRelease's target cluster cannot be built. */
export const RESTClientError = 'RESTClientError';

/** The helm controller's environment pointed at a release's target cluster, and how to release it. */
export interface ReleaseCluster {
  env: HelmEnv;
  close(): void;
}

/**
 * The environment a release acts in, as Flux builds its Helm client: every read and write of the
 * release (its storage, capabilities, applies, waits, uninstall) goes to the cluster of
 * `spec.kubeConfig` (else the controller's own) as `spec.serviceAccountName` (else
 * `--default-service-account`, else the controller itself); the owned-object cache only serves
 * the controller's own cluster. A kubeconfig that cannot be read fails as `RESTClientError`.
 */
export async function releaseCluster(env: HelmEnv, obj: HelmReleaseObject): Promise<ReleaseCluster> {
  try {
    const target = await targetCluster(env, {
      namespace: obj.metadata?.namespace ?? '',
      serviceAccountName: obj.spec.serviceAccountName,
      defaultServiceAccount: env.defaultServiceAccount,
      kubeConfig: obj.spec.kubeConfig,
      userAgent: 'helm-controller',
    });
    return {
      env: {
        ...env,
        kube: target.kube,
        mapper: target.mapper,
        ownedCache: target.local ? env.ownedCache : undefined,
      },
      close: () => target.close(),
    };
  } catch (e: unknown) {
    if (e instanceof TargetClusterError) throw new TransientError(RESTClientError, e.message, { cause: e });
    throw e;
  }
}
