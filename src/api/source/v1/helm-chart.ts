/**
 * HelmChart (source.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import {
  Artifact,
  Condition,
  Duration,
  KindSchema,
  LocalObjectReference,
  StringEnum,
} from '../../meta/index.ts';
import { OIDCIdentityMatch } from './verification.ts';

/** The desired state of a HelmChart (source.toolkit.fluxcd.io/v1). */
export const HelmChartSpec = Type.Object(
  {
    chart: Type.String(),
    ignoreMissingValuesFiles: Type.Optional(Type.Boolean()),
    interval: Duration(),
    reconcileStrategy: Type.Optional(StringEnum(['ChartVersion', 'Revision'], { default: 'ChartVersion' })),
    sourceRef: Type.Object({
      apiVersion: Type.Optional(Type.String()),
      kind: StringEnum(['HelmRepository', 'GitRepository', 'Bucket']),
      name: Type.String(),
    }),
    suspend: Type.Optional(Type.Boolean()),
    valuesFiles: Type.Optional(Type.Array(Type.String())),
    verify: Type.Optional(
      Type.Object({
        matchOIDCIdentity: Type.Optional(Type.Array(OIDCIdentityMatch)),
        provider: StringEnum(['cosign', 'notation'], { default: 'cosign' }),
        secretRef: Type.Optional(LocalObjectReference),
      }),
    ),
    version: Type.Optional(Type.String({ default: '*' })),
  },
  {
    'x-kubernetes-validations': [
      {
        message: "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'",
        rule: "!has(self.verify) || self.sourceRef.kind == 'HelmRepository'",
      },
    ],
  },
);
/** The desired state of a HelmChart, as TypeScript. */
export type HelmChartSpec = Type.Static<typeof HelmChartSpec>;
/** The observed state of a HelmChart, written by its controller. */
export const HelmChartStatus = Type.Object(
  {
    artifact: Type.Optional(Artifact),
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedChartName: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    observedSourceArtifactRevision: Type.Optional(Type.String()),
    observedValuesFiles: Type.Optional(Type.Array(Type.String())),
    url: Type.Optional(Type.String()),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a HelmChart, as TypeScript. */
export type HelmChartStatus = Type.Static<typeof HelmChartStatus>;
/** A whole HelmChart object. */
export const HelmChart = KindSchema(HelmChartSpec, HelmChartStatus, {
  description:
    'A HelmChart produces a packaged Helm chart artifact from a Helm repository, Git repository or bucket.',
});
/** A whole HelmChart object, as TypeScript. */
export type HelmChart = Type.Static<typeof HelmChart>;
/** Names, scope, printer columns and schema of HelmChart v1, for the CRD and the registry. */
export const HelmChartDefinition = defineKind({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'HelmChart',
  plural: 'helmcharts',
  singular: 'helmchart',
  listKind: 'HelmChartList',
  shortNames: ['hc'],
  categories: ['all', 'fluxcd', 'fluxcd-sources'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [
    {
      jsonPath: '.spec.chart',
      name: 'Chart',
      type: 'string',
    },
    {
      jsonPath: '.spec.version',
      name: 'Version',
      type: 'string',
    },
    {
      jsonPath: '.spec.sourceRef.kind',
      name: 'Source Kind',
      type: 'string',
    },
    {
      jsonPath: '.spec.sourceRef.name',
      name: 'Source Name',
      type: 'string',
    },
    AgeColumn,
    ...ReadyColumns,
  ],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: HelmChart,
});
