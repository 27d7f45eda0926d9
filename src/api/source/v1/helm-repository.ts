/**
 * HelmRepository (source.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
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
  StringMap,
} from '../../meta/index.ts';

/** The desired state of a HelmRepository (source.toolkit.fluxcd.io/v1). */
export const HelmRepositorySpec = Type.Object({
  accessFrom: Type.Optional(
    Type.Object({
      namespaceSelectors: Type.Array(
        Type.Object({
          matchLabels: Type.Optional(StringMap()),
        }),
      ),
    }),
  ),
  certSecretRef: Type.Optional(LocalObjectReference),
  insecure: Type.Optional(Type.Boolean()),
  interval: Type.Optional(Duration()),
  passCredentials: Type.Optional(Type.Boolean()),
  provider: Type.Optional(StringEnum(['generic', 'aws', 'azure', 'gcp'], { default: 'generic' })),
  secretRef: Type.Optional(LocalObjectReference),
  suspend: Type.Optional(Type.Boolean()),
  timeout: Type.Optional(Type.String({ pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$' })),
  type: Type.Optional(StringEnum(['default', 'oci'])),
  url: Type.String({ pattern: '^(http|https|oci)://.*$' }),
});
/** The desired state of a HelmRepository, as TypeScript. */
export type HelmRepositorySpec = Type.Static<typeof HelmRepositorySpec>;
/** The observed state of a HelmRepository, written by its controller. */
export const HelmRepositoryStatus = Type.Object(
  {
    artifact: Type.Optional(Artifact),
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    url: Type.Optional(Type.String()),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a HelmRepository, as TypeScript. */
export type HelmRepositoryStatus = Type.Static<typeof HelmRepositoryStatus>;
/** A whole HelmRepository object. */
export const HelmRepository = KindSchema(HelmRepositorySpec, HelmRepositoryStatus, {
  description: 'A HelmRepository points at a Helm chart repository (HTTP index or OCI registry).',
});
/** A whole HelmRepository object, as TypeScript. */
export type HelmRepository = Type.Static<typeof HelmRepository>;
/** Names, scope, printer columns and schema of HelmRepository v1, for the CRD and the registry. */
export const HelmRepositoryDefinition = defineKind({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'HelmRepository',
  plural: 'helmrepositories',
  singular: 'helmrepository',
  listKind: 'HelmRepositoryList',
  shortNames: ['helmrepo'],
  categories: ['all', 'fluxcd', 'fluxcd-sources'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [
    {
      jsonPath: '.spec.url',
      name: 'URL',
      type: 'string',
    },
    AgeColumn,
    ...ReadyColumns,
  ],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: HelmRepository,
});
