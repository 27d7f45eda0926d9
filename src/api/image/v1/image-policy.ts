/**
 * ImagePolicy (image.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import { Condition, Duration, KindSchema, StringEnum } from '../../meta/index.ts';
import { ImageRef } from './image-ref.ts';

/** The desired state of a ImagePolicy (image.toolkit.fluxcd.io/v1). */
export const ImagePolicySpec = Type.Object(
  {
    digestReflectionPolicy: Type.Optional(
      StringEnum(['Always', 'IfNotPresent', 'Never'], { default: 'Never' }),
    ),
    filterTags: Type.Optional(
      Type.Object({
        extract: Type.Optional(Type.String()),
        pattern: Type.Optional(Type.String()),
      }),
    ),
    imageRepositoryRef: Type.Object({
      name: Type.String(),
      namespace: Type.Optional(Type.String()),
    }),
    interval: Type.Optional(Duration()),
    policy: Type.Object({
      alphabetical: Type.Optional(
        Type.Object({
          order: Type.Optional(StringEnum(['asc', 'desc'], { default: 'asc' })),
        }),
      ),
      numerical: Type.Optional(
        Type.Object({
          order: Type.Optional(StringEnum(['asc', 'desc'], { default: 'asc' })),
        }),
      ),
      semver: Type.Optional(
        Type.Object({
          range: Type.String(),
        }),
      ),
    }),
    suspend: Type.Optional(Type.Boolean()),
  },
  {
    'x-kubernetes-validations': [
      {
        message: "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'",
        rule: "!has(self.interval) || (has(self.digestReflectionPolicy) && self.digestReflectionPolicy == 'Always')",
      },
      {
        message: "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'",
        rule: "has(self.interval) || !has(self.digestReflectionPolicy) || self.digestReflectionPolicy != 'Always'",
      },
    ],
  },
);
/** The desired state of a ImagePolicy, as TypeScript. */
export type ImagePolicySpec = Type.Static<typeof ImagePolicySpec>;
/** The observed state of a ImagePolicy, written by its controller. */
export const ImagePolicyStatus = Type.Object(
  {
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    latestRef: Type.Optional(ImageRef),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    observedPreviousRef: Type.Optional(ImageRef),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a ImagePolicy, as TypeScript. */
export type ImagePolicyStatus = Type.Static<typeof ImagePolicyStatus>;
/** A whole ImagePolicy object. */
export const ImagePolicy = KindSchema(ImagePolicySpec, ImagePolicyStatus, {
  description:
    'An ImagePolicy selects the latest image tag of an ImageRepository by a policy (semver, alphabetical, numerical).',
});
/** A whole ImagePolicy object, as TypeScript. */
export type ImagePolicy = Type.Static<typeof ImagePolicy>;
/** Names, scope, printer columns and schema of ImagePolicy v1, for the CRD and the registry. */
export const ImagePolicyDefinition = defineKind({
  group: 'image.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'ImagePolicy',
  plural: 'imagepolicies',
  singular: 'imagepolicy',
  listKind: 'ImagePolicyList',
  shortNames: ['imgpol', 'imagepol'],
  categories: ['all', 'fluxcd', 'fluxcd-images'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [
    {
      jsonPath: '.status.latestRef.name',
      name: 'Image',
      type: 'string',
    },
    {
      jsonPath: '.status.latestRef.tag',
      name: 'Tag',
      type: 'string',
    },
    ...ReadyColumns,
    AgeColumn,
  ],
  crdAnnotations: {},
  schema: ImagePolicy,
});
