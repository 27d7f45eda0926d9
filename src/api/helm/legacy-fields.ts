/**
 * Field edits shared by HelmRelease v2beta1 and v2beta2: the single `valuesFile`, the old
 * post-renderer patch lists and a chart template that is required (no `chartRef` yet in v2beta1).
 */
import Type from 'typebox';
import type { SchemaEdit } from '../crd/index.ts';
import { PatchesJson6902, PatchesStrategicMerge } from '../meta/index.ts';

/** Edits from the v2 HelmRelease schema to the fields older versions had. */
export const legacyHelmReleaseEdits: SchemaEdit[] = [
  { at: 'spec', dropValidations: true },
  { at: 'spec.chart.spec', add: { valuesFile: Type.String() } },
  {
    at: 'spec.postRenderers[].kustomize',
    add: { patchesStrategicMerge: PatchesStrategicMerge, patchesJson6902: PatchesJson6902 },
  },
  {
    at: 'status',
    add: {
      lastAppliedRevision: Type.String(),
      lastReleaseRevision: Type.Integer(),
      lastAttemptedValuesChecksum: Type.String(),
      helmChart: Type.String(),
    },
  },
];
