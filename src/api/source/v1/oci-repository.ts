/**
 * OCIRepository (source.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
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
import { OCILayerSelector } from './oci-layer-selector.ts';
import { OIDCIdentityMatch } from './verification.ts';

/** The desired state of a OCIRepository (source.toolkit.fluxcd.io/v1). */
export const OCIRepositorySpec = Type.Object({
  certSecretRef: Type.Optional(LocalObjectReference),
  ignore: Type.Optional(Type.String()),
  insecure: Type.Optional(Type.Boolean()),
  interval: Duration(),
  layerSelector: Type.Optional(OCILayerSelector),
  provider: Type.Optional(StringEnum(['generic', 'aws', 'azure', 'gcp'], { default: 'generic' })),
  proxySecretRef: Type.Optional(LocalObjectReference),
  ref: Type.Optional(
    Type.Object({
      digest: Type.Optional(Type.String()),
      semver: Type.Optional(Type.String()),
      semverFilter: Type.Optional(Type.String()),
      tag: Type.Optional(Type.String()),
    }),
  ),
  secretRef: Type.Optional(LocalObjectReference),
  serviceAccountName: Type.Optional(Type.String()),
  suspend: Type.Optional(Type.Boolean()),
  timeout: Type.Optional(Type.String({ default: '60s', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$' })),
  url: Type.String({ pattern: '^oci://.*$' }),
  verify: Type.Optional(
    Type.Object({
      matchOIDCIdentity: Type.Optional(Type.Array(OIDCIdentityMatch)),
      provider: StringEnum(['cosign', 'notation'], { default: 'cosign' }),
      secretRef: Type.Optional(LocalObjectReference),
      trustedRootSecretRef: Type.Optional(LocalObjectReference),
    }),
  ),
});
/** The desired state of a OCIRepository, as TypeScript. */
export type OCIRepositorySpec = Type.Static<typeof OCIRepositorySpec>;
/** The observed state of a OCIRepository, written by its controller. */
export const OCIRepositoryStatus = Type.Object(
  {
    artifact: Type.Optional(Artifact),
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    observedIgnore: Type.Optional(Type.String()),
    observedLayerSelector: Type.Optional(OCILayerSelector),
    url: Type.Optional(Type.String()),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a OCIRepository, as TypeScript. */
export type OCIRepositoryStatus = Type.Static<typeof OCIRepositoryStatus>;
/** A whole OCIRepository object. */
export const OCIRepository = KindSchema(OCIRepositorySpec, OCIRepositoryStatus, {
  description: 'An OCIRepository produces an artifact from an OCI artifact in a container registry.',
});
/** A whole OCIRepository object, as TypeScript. */
export type OCIRepository = Type.Static<typeof OCIRepository>;
/** Names, scope, printer columns and schema of OCIRepository v1, for the CRD and the registry. */
export const OCIRepositoryDefinition = defineKind({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'OCIRepository',
  plural: 'ocirepositories',
  singular: 'ocirepository',
  listKind: 'OCIRepositoryList',
  shortNames: ['ocirepo'],
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
    ...ReadyColumns,
    AgeColumn,
  ],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: OCIRepository,
});
