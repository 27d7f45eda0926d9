import { ProviderTypeAnnotation } from '../../api/notification/v1beta3/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';

/**
 * The type a Provider delivers as: tsflux's `notification.tsflux.io/type` annotation when set (a
 * type Flux's enum lacks, `email`), else `spec.type`.
 */
export function providerTypeOf(provider: KubeObject & { spec: { type: string } }): string {
  return provider.metadata?.annotations?.[ProviderTypeAnnotation] || provider.spec.type;
}
