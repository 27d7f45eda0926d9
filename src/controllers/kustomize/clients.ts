import { KustomizationReason } from '../../api/kustomize/v1/index.ts';
import {
  targetCluster as connectTargetCluster,
  type TargetCluster,
  TargetClusterError,
} from '../../runtime/target-cluster/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { failure } from './failures.ts';

export { serviceAccountUser, type TargetCluster } from '../../runtime/target-cluster/index.ts';

/**
 * The cluster a Kustomization applies to, as Flux decides: a remote cluster from the kubeconfig
 * in `spec.kubeConfig.secretRef` (key `value` or `value.yaml` unless named), or the controller's
 * own; impersonating `spec.serviceAccountName` (or `--default-service-account`) on either. A
 * kubeconfig that cannot be read fails the run as `ReconciliationFailed`.
 */
export async function targetCluster(env: KustomizeEnv, obj: KustomizationObject): Promise<TargetCluster> {
  try {
    return await connectTargetCluster(env, {
      namespace: obj.metadata?.namespace ?? '',
      serviceAccountName: obj.spec.serviceAccountName,
      defaultServiceAccount: env.defaultServiceAccount,
      kubeConfig: obj.spec.kubeConfig,
      userAgent: 'kustomize-controller',
    });
  } catch (e: unknown) {
    if (e instanceof TargetClusterError)
      throw failure(obj, KustomizationReason.ReconciliationFailed, e.message, e.cause);
    throw e;
  }
}
