import { StallingError } from '../../runtime/reconcile/index.ts';
import type { HelmReleaseObject } from './env.ts';

/** The reason of a HelmRelease that asks for what this phase of the controller cannot do. */
export const UnsupportedSpec = 'UnsupportedSpec';

/**
 * Stalls a HelmRelease whose spec asks for what would change who applies or what is applied,
 * and this controller does not do yet: applying without them would act with the controller's
 * own rights (`serviceAccountName`, `kubeConfig`) or apply other objects than Flux would
 * (`postRenderers`, `commonMetadata`). Fields that only add checks (tests, drift) are not
 * listed: without them the release is still the one Flux makes.
 */
export function checkSupported(obj: HelmReleaseObject): void {
  const asked = [
    obj.spec.serviceAccountName ? 'serviceAccountName' : '',
    obj.spec.kubeConfig ? 'kubeConfig' : '',
    (obj.spec.postRenderers?.length ?? 0) > 0 ? 'postRenderers' : '',
    obj.spec.commonMetadata ? 'commonMetadata' : '',
  ].filter((f) => f !== '');
  if (asked.length > 0)
    throw new StallingError(
      UnsupportedSpec,
      `unsupported spec fields: ${asked.join(', ')}: not implemented yet`,
    );
}
