/**
 * ArtifactGenerator (source.extensions.fluxcd.io/v1beta1), the kind of Flux's source-watcher: it
 * composes or splits the artifacts of sources into ExternalArtifacts. Field set and validation as
 * Flux declares them; the CRD schema and the TypeScript types both derive from these definitions.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import { Condition, KindSchema, StringEnum, StringMap } from '../../meta/index.ts';

/** The API group of Flux's source extensions. */
export const SourceExtensionsGroup = 'source.extensions.fluxcd.io';

/** An `@alias` reference to a source of the generator (revision and originRevision fields). */
const AliasReference = Type.String({ maxLength: 64, pattern: '^@([a-z0-9]([a-z0-9_-]*[a-z0-9])?)$' });

/** The source kinds a generator can read from. */
export const ArtifactGeneratorSourceKinds = [
  'Bucket',
  'GitRepository',
  'OCIRepository',
  'HelmChart',
  'ExternalArtifact',
] as const;

/** One input of a generator: a source-controller object, named in copy rules by its alias. */
export const SourceReference = Type.Object({
  alias: Type.String({ maxLength: 63, pattern: '^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$' }),
  kind: StringEnum(ArtifactGeneratorSourceKinds),
  name: Type.String({ maxLength: 253, pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' }),
  namespace: Type.Optional(
    Type.String({ maxLength: 63, minLength: 1, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
  ),
});
/** One input of a generator, as TypeScript. */
export type SourceReference = Type.Static<typeof SourceReference>;

/** The copy strategies: replace files, merge YAML values, or extract tarballs. */
export const CopyStrategy = { Overwrite: 'Overwrite', Merge: 'Merge', Extract: 'Extract' } as const;
/** A copy strategy name. */
export type CopyStrategy = (typeof CopyStrategy)[keyof typeof CopyStrategy];

/** One copy rule: files of a source (`@alias/glob`) into the artifact (`@artifact/path`). */
export const CopyOperation = Type.Object({
  exclude: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
  from: Type.String({ maxLength: 1024, pattern: '^@([a-z0-9]([a-z0-9_-]*[a-z0-9])?)/(.*)$' }),
  /** Newer source-watcher: a rule matching nothing is skipped instead of failing the build. */
  optional: Type.Optional(Type.Boolean()),
  strategy: Type.Optional(StringEnum(['Overwrite', 'Merge', 'Extract'])),
  to: Type.String({ maxLength: 1024, pattern: '^@(artifact)/(.*)$' }),
});
/** One copy rule, as TypeScript. */
export type CopyOperation = Type.Static<typeof CopyOperation>;

/** One ExternalArtifact a generator produces. */
export const OutputArtifact = Type.Object({
  copy: Type.Array(CopyOperation, { minItems: 1 }),
  name: Type.String({ maxLength: 253, pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' }),
  originRevision: Type.Optional(AliasReference),
  revision: Type.Optional(AliasReference),
});
/** One produced ExternalArtifact, as TypeScript. */
export type OutputArtifact = Type.Static<typeof OutputArtifact>;

/** Labels and annotations added to every generated object. */
export const CommonMetadata = Type.Object({
  annotations: Type.Optional(StringMap()),
  labels: Type.Optional(StringMap()),
});

/** The desired state of an ArtifactGenerator. */
export const ArtifactGeneratorSpec = Type.Object({
  artifacts: Type.Array(OutputArtifact, { maxItems: 1000, minItems: 1 }),
  commonMetadata: Type.Optional(CommonMetadata),
  sources: Type.Array(SourceReference, { maxItems: 1000, minItems: 1 }),
});
/** The desired state of an ArtifactGenerator, as TypeScript. */
export type ArtifactGeneratorSpec = Type.Static<typeof ArtifactGeneratorSpec>;

/** One generated ExternalArtifact in the inventory, with the digest and file of its artifact. */
export const ExternalArtifactReference = Type.Object({
  digest: Type.String(),
  filename: Type.String(),
  name: Type.String(),
  namespace: Type.String(),
});
/** One inventory entry, as TypeScript. */
export type ExternalArtifactReference = Type.Static<typeof ExternalArtifactReference>;

/** The observed state of an ArtifactGenerator. */
export const ArtifactGeneratorStatus = Type.Object({
  conditions: Type.Optional(Type.Array(Condition)),
  inventory: Type.Optional(Type.Array(ExternalArtifactReference)),
  lastHandledReconcileAt: Type.Optional(Type.String()),
  observedSourcesDigest: Type.Optional(Type.String()),
});
/** The observed state of an ArtifactGenerator, as TypeScript. */
export type ArtifactGeneratorStatus = Type.Static<typeof ArtifactGeneratorStatus>;

/** A whole ArtifactGenerator object. */
export const ArtifactGenerator = KindSchema(ArtifactGeneratorSpec, ArtifactGeneratorStatus, {
  description: 'ArtifactGenerator is the Schema for the artifactgenerators API.',
});
/** A whole ArtifactGenerator object, as TypeScript. */
export type ArtifactGenerator = Type.Static<typeof ArtifactGenerator>;

/** Names, scope, printer columns and schema of ArtifactGenerator v1beta1. */
export const ArtifactGeneratorDefinition = defineKind({
  group: SourceExtensionsGroup,
  version: 'v1beta1',
  kind: 'ArtifactGenerator',
  plural: 'artifactgenerators',
  singular: 'artifactgenerator',
  listKind: 'ArtifactGeneratorList',
  shortNames: ['ag'],
  categories: ['all', 'fluxcd', 'fluxcd-sources'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [AgeColumn, ...ReadyColumns],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: ArtifactGenerator,
});
