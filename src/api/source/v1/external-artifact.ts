/**
 * ExternalArtifact (source.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import { Artifact, Condition, KindSchema, NamespacedObjectKindReference } from '../../meta/index.ts';

/** The desired state of a ExternalArtifact (source.toolkit.fluxcd.io/v1). */
export const ExternalArtifactSpec = Type.Object({
  sourceRef: Type.Optional(NamespacedObjectKindReference),
});
/** The desired state of a ExternalArtifact, as TypeScript. */
export type ExternalArtifactSpec = Type.Static<typeof ExternalArtifactSpec>;
/** The observed state of a ExternalArtifact, written by its controller. */
export const ExternalArtifactStatus = Type.Object({
  artifact: Type.Optional(Artifact),
  conditions: Type.Optional(Type.Array(Condition)),
});
/** The observed state of a ExternalArtifact, as TypeScript. */
export type ExternalArtifactStatus = Type.Static<typeof ExternalArtifactStatus>;
/** A whole ExternalArtifact object. */
export const ExternalArtifact = KindSchema(ExternalArtifactSpec, ExternalArtifactStatus, {
  description:
    'An ExternalArtifact describes an artifact produced outside Flux, for Kustomizations and HelmReleases to use.',
});
/** A whole ExternalArtifact object, as TypeScript. */
export type ExternalArtifact = Type.Static<typeof ExternalArtifact>;
/** Names, scope, printer columns and schema of ExternalArtifact v1, for the CRD and the registry. */
export const ExternalArtifactDefinition = defineKind({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'ExternalArtifact',
  plural: 'externalartifacts',
  singular: 'externalartifact',
  listKind: 'ExternalArtifactList',
  shortNames: ['ea'],
  categories: ['all', 'fluxcd', 'fluxcd-sources'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [
    AgeColumn,
    ...ReadyColumns,
    {
      jsonPath: '.spec.sourceRef.name',
      name: 'Source',
      type: 'string',
    },
  ],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: ExternalArtifact,
});
