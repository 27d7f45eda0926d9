/**
 * ImageRepository (image.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import {
  Condition,
  Duration,
  KindSchema,
  LocalObjectReference,
  StringEnum,
  StringMap,
} from '../../meta/index.ts';

/** The desired state of a ImageRepository (image.toolkit.fluxcd.io/v1). */
export const ImageRepositorySpec = Type.Object({
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
  exclusionList: Type.Optional(Type.Array(Type.String(), { default: ['^.*\\.sig$'], maxItems: 25 })),
  image: Type.String(),
  insecure: Type.Optional(Type.Boolean()),
  interval: Duration(),
  provider: Type.Optional(StringEnum(['generic', 'aws', 'azure', 'gcp'], { default: 'generic' })),
  proxySecretRef: Type.Optional(LocalObjectReference),
  secretRef: Type.Optional(LocalObjectReference),
  serviceAccountName: Type.Optional(Type.String({ maxLength: 253 })),
  suspend: Type.Optional(Type.Boolean()),
  timeout: Type.Optional(Type.String({ pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$' })),
});
/** The desired state of a ImageRepository, as TypeScript. */
export type ImageRepositorySpec = Type.Static<typeof ImageRepositorySpec>;
/** The observed state of a ImageRepository, written by its controller. */
export const ImageRepositoryStatus = Type.Object(
  {
    canonicalImageName: Type.Optional(Type.String()),
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    lastScanResult: Type.Optional(
      Type.Object({
        latestTags: Type.Optional(Type.Array(Type.String())),
        revision: Type.Optional(Type.String()),
        scanTime: Type.Optional(Type.String({ format: 'date-time' })),
        tagCount: Type.Integer(),
      }),
    ),
    observedExclusionList: Type.Optional(Type.Array(Type.String())),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a ImageRepository, as TypeScript. */
export type ImageRepositoryStatus = Type.Static<typeof ImageRepositoryStatus>;
/** A whole ImageRepository object. */
export const ImageRepository = KindSchema(ImageRepositorySpec, ImageRepositoryStatus, {
  description: 'An ImageRepository scans a container image repository for tags at an interval.',
});
/** A whole ImageRepository object, as TypeScript. */
export type ImageRepository = Type.Static<typeof ImageRepository>;
/** Names, scope, printer columns and schema of ImageRepository v1, for the CRD and the registry. */
export const ImageRepositoryDefinition = defineKind({
  group: 'image.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'ImageRepository',
  plural: 'imagerepositories',
  singular: 'imagerepository',
  listKind: 'ImageRepositoryList',
  shortNames: ['imgrepo', 'imagerepo'],
  categories: ['all', 'fluxcd', 'fluxcd-images'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [
    {
      jsonPath: '.spec.image',
      name: 'Image',
      type: 'string',
    },
    {
      jsonPath: '.status.lastScanResult.tagCount',
      name: 'Tags',
      type: 'string',
    },
    ...ReadyColumns,
    {
      jsonPath: '.status.lastScanResult.scanTime',
      name: 'Last scan',
      priority: 1,
      type: 'string',
    },
    AgeColumn,
  ],
  crdAnnotations: {},
  schema: ImageRepository,
});
