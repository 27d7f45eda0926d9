/**
 * HelmRelease helm.toolkit.fluxcd.io/v2beta2 (dropped by Flux, still served by tsflux): the v2 field
 * set plus `valuesFile`, post-renderer `patchesStrategicMerge`/`patchesJson6902` and the old
 * status fields.
 */
import { deriveSchema, legacyVersion } from '../../crd/index.ts';
import { legacyHelmReleaseEdits } from '../legacy-fields.ts';
import { HelmRelease, HelmReleaseDefinition } from '../v2/index.ts';

/** The v2beta2 HelmRelease schema. */
export const HelmReleaseV2beta2 = deriveSchema(HelmRelease, legacyHelmReleaseEdits);

/** HelmRelease v2beta2: served, converted to v2 for storage. */
export const HelmReleaseV2beta2Definition = legacyVersion(
  HelmReleaseDefinition,
  'v2beta2',
  HelmReleaseV2beta2,
);
