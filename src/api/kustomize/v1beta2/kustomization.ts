/**
 * Kustomization kustomize.toolkit.fluxcd.io/v1beta2 (dropped by Flux, still served by tsflux):
 * the v1 field set plus `patchesStrategicMerge`, `patchesJson6902` and `validation`.
 */
import { deriveSchema, legacyVersion } from '../../crd/index.ts';
import { PatchesJson6902, PatchesStrategicMerge, StringEnum } from '../../meta/index.ts';
import { Kustomization, KustomizationDefinition } from '../v1/index.ts';

/** The v1beta2 Kustomization schema. */
export const KustomizationV1beta2 = deriveSchema(Kustomization, [
  {
    at: 'spec',
    add: {
      patchesStrategicMerge: PatchesStrategicMerge,
      patchesJson6902: PatchesJson6902,
      validation: StringEnum(['none', 'client', 'server']),
    },
  },
]);

/** Kustomization v1beta2: served, converted to v1 for storage. */
export const KustomizationV1beta2Definition = legacyVersion(
  KustomizationDefinition,
  'v1beta2',
  KustomizationV1beta2,
);
