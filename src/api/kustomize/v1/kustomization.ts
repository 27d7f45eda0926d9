/**
 * Kustomization (kustomize.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import {
  CommonMetadata,
  Condition,
  CustomHealthCheck,
  DependencyReference,
  Duration,
  IgnoreRule,
  Image,
  KindSchema,
  KubeConfigReference,
  LocalObjectReference,
  NamespacedObjectKindReference,
  Patch,
  ResourceRef,
  StringEnum,
  StringMap,
} from '../../meta/index.ts';

/** The desired state of a Kustomization (kustomize.toolkit.fluxcd.io/v1). */
export const KustomizationSpec = Type.Object({
  buildMetadata: Type.Optional(Type.Array(StringEnum(['originAnnotations', 'transformerAnnotations']))),
  commonMetadata: Type.Optional(CommonMetadata),
  components: Type.Optional(Type.Array(Type.String())),
  decryption: Type.Optional(
    Type.Object({
      provider: StringEnum(['sops']),
      secretRef: Type.Optional(LocalObjectReference),
      serviceAccountName: Type.Optional(Type.String()),
    }),
  ),
  deletionPolicy: Type.Optional(StringEnum(['MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan'])),
  dependsOn: Type.Optional(Type.Array(DependencyReference)),
  force: Type.Optional(Type.Boolean({ default: false })),
  healthCheckExprs: Type.Optional(Type.Array(CustomHealthCheck)),
  healthChecks: Type.Optional(Type.Array(NamespacedObjectKindReference)),
  ignore: Type.Optional(Type.Array(IgnoreRule)),
  ignoreMissingComponents: Type.Optional(Type.Boolean()),
  images: Type.Optional(Type.Array(Image)),
  interval: Duration(),
  kubeConfig: Type.Optional(KubeConfigReference),
  namePrefix: Type.Optional(Type.String({ maxLength: 200, minLength: 1 })),
  nameSuffix: Type.Optional(Type.String({ maxLength: 200, minLength: 1 })),
  patches: Type.Optional(Type.Array(Patch)),
  path: Type.Optional(Type.String()),
  postBuild: Type.Optional(
    Type.Object({
      substitute: Type.Optional(StringMap()),
      substituteFrom: Type.Optional(
        Type.Array(
          Type.Object({
            kind: StringEnum(['Secret', 'ConfigMap']),
            name: Type.String({ maxLength: 253, minLength: 1 }),
            optional: Type.Optional(Type.Boolean({ default: false })),
          }),
        ),
      ),
      substituteStrategy: Type.Optional(StringEnum(['WithVariables', 'Always'])),
    }),
  ),
  prune: Type.Boolean(),
  retryInterval: Type.Optional(Duration()),
  serviceAccountName: Type.Optional(Type.String()),
  sourceRef: Type.Object({
    apiVersion: Type.Optional(Type.String()),
    kind: StringEnum(['OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact']),
    name: Type.String(),
    namespace: Type.Optional(Type.String()),
  }),
  suspend: Type.Optional(Type.Boolean()),
  targetNamespace: Type.Optional(Type.String({ maxLength: 63, minLength: 1 })),
  timeout: Type.Optional(Duration()),
  wait: Type.Optional(Type.Boolean()),
});
/** The desired state of a Kustomization, as TypeScript. */
export type KustomizationSpec = Type.Static<typeof KustomizationSpec>;
/** The observed state of a Kustomization, written by its controller. */
export const KustomizationStatus = Type.Object(
  {
    conditions: Type.Optional(Type.Array(Condition)),
    history: Type.Optional(
      Type.Array(
        Type.Object({
          digest: Type.String(),
          firstReconciled: Type.String({ format: 'date-time' }),
          lastReconciled: Type.String({ format: 'date-time' }),
          lastReconciledDuration: Type.String(),
          lastReconciledStatus: Type.String(),
          metadata: Type.Optional(StringMap()),
          totalReconciliations: Type.Integer({ format: 'int64' }),
        }),
      ),
    ),
    inventory: Type.Optional(
      Type.Object({
        entries: Type.Array(ResourceRef),
      }),
    ),
    lastAppliedOriginRevision: Type.Optional(Type.String()),
    lastAppliedRevision: Type.Optional(Type.String()),
    lastAttemptedRevision: Type.Optional(Type.String()),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a Kustomization, as TypeScript. */
export type KustomizationStatus = Type.Static<typeof KustomizationStatus>;
/** A whole Kustomization object. */
export const Kustomization = KindSchema(KustomizationSpec, KustomizationStatus, {
  description:
    'A Kustomization builds a kustomize overlay (or plain manifests) from a source artifact and applies it to the cluster.',
});
/** A whole Kustomization object, as TypeScript. */
export type Kustomization = Type.Static<typeof Kustomization>;
/** Names, scope, printer columns and schema of Kustomization v1, for the CRD and the registry. */
export const KustomizationDefinition = defineKind({
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'Kustomization',
  plural: 'kustomizations',
  singular: 'kustomization',
  listKind: 'KustomizationList',
  shortNames: ['ks'],
  categories: ['all', 'fluxcd', 'fluxcd-appliers'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [AgeColumn, ...ReadyColumns],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: Kustomization,
});
