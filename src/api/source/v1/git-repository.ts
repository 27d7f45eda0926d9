/**
 * GitRepository (source.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
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
import { GitRepositoryInclude, GitRepositoryRef } from './git-repository-ref.ts';

/** The desired state of a GitRepository (source.toolkit.fluxcd.io/v1). */
export const GitRepositorySpec = Type.Object(
  {
    ignore: Type.Optional(Type.String()),
    include: Type.Optional(Type.Array(GitRepositoryInclude)),
    interval: Duration(),
    provider: Type.Optional(StringEnum(['generic', 'aws', 'azure', 'github'])),
    proxySecretRef: Type.Optional(LocalObjectReference),
    recurseSubmodules: Type.Optional(Type.Boolean()),
    ref: Type.Optional(GitRepositoryRef),
    secretRef: Type.Optional(LocalObjectReference),
    serviceAccountName: Type.Optional(Type.String()),
    sparseCheckout: Type.Optional(Type.Array(Type.String())),
    suspend: Type.Optional(Type.Boolean()),
    timeout: Type.Optional(Type.String({ default: '60s', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$' })),
    url: Type.String({ pattern: '^(http|https|ssh)://.*$' }),
    verify: Type.Optional(
      Type.Object({
        mode: Type.Optional(StringEnum(['head', 'HEAD', 'Tag', 'TagAndHEAD'], { default: 'HEAD' })),
        secretRef: LocalObjectReference,
      }),
    ),
  },
  {
    'x-kubernetes-validations': [
      {
        message: "serviceAccountName can only be set when provider is 'azure' or 'aws'",
        rule: "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))",
      },
    ],
  },
);
/** The desired state of a GitRepository, as TypeScript. */
export type GitRepositorySpec = Type.Static<typeof GitRepositorySpec>;
/** The observed state of a GitRepository, written by its controller. */
export const GitRepositoryStatus = Type.Object(
  {
    artifact: Type.Optional(Artifact),
    conditions: Type.Optional(Type.Array(Condition)),
    includedArtifacts: Type.Optional(Type.Array(Artifact)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    observedIgnore: Type.Optional(Type.String()),
    observedInclude: Type.Optional(Type.Array(GitRepositoryInclude)),
    observedRecurseSubmodules: Type.Optional(Type.Boolean()),
    observedSparseCheckout: Type.Optional(Type.Array(Type.String())),
    sourceVerificationMode: Type.Optional(Type.String()),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a GitRepository, as TypeScript. */
export type GitRepositoryStatus = Type.Static<typeof GitRepositoryStatus>;
/** A whole GitRepository object. */
export const GitRepository = KindSchema(GitRepositorySpec, GitRepositoryStatus, {
  description: 'A GitRepository produces an artifact from a revision of a Git repository.',
});
/** A whole GitRepository object, as TypeScript. */
export type GitRepository = Type.Static<typeof GitRepository>;
/** Names, scope, printer columns and schema of GitRepository v1, for the CRD and the registry. */
export const GitRepositoryDefinition = defineKind({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'GitRepository',
  plural: 'gitrepositories',
  singular: 'gitrepository',
  listKind: 'GitRepositoryList',
  shortNames: ['gitrepo'],
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
  schema: GitRepository,
});
