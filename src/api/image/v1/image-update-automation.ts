/**
 * ImageUpdateAutomation (image.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind, ReadyColumns } from '../../crd/index.ts';
import {
  Condition,
  Duration,
  KindSchema,
  LocalObjectReference,
  MapOf,
  StringEnum,
  StringMap,
} from '../../meta/index.ts';
import { GitRepositoryRef } from '../../source/v1/index.ts';
import { ImageRef } from './image-ref.ts';

/** The desired state of a ImageUpdateAutomation (image.toolkit.fluxcd.io/v1). */
export const ImageUpdateAutomationSpec = Type.Object({
  git: Type.Optional(
    Type.Object({
      checkout: Type.Optional(
        Type.Object({
          ref: GitRepositoryRef,
        }),
      ),
      commit: Type.Object({
        author: Type.Object({
          email: Type.String(),
          name: Type.Optional(Type.String()),
        }),
        messageTemplate: Type.Optional(Type.String()),
        messageTemplateValues: Type.Optional(StringMap()),
        signingKey: Type.Optional(
          Type.Object({
            secretRef: LocalObjectReference,
            type: Type.Optional(StringEnum(['gpg', 'ssh'])),
          }),
        ),
      }),
      push: Type.Optional(
        Type.Object({
          branch: Type.Optional(Type.String()),
          options: Type.Optional(StringMap()),
          refspec: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
  interval: Duration(),
  policySelector: Type.Optional(
    Type.Object(
      {
        matchExpressions: Type.Optional(
          Type.Array(
            Type.Object({
              key: Type.String(),
              operator: Type.String(),
              values: Type.Optional(Type.Array(Type.String(), { 'x-kubernetes-list-type': 'atomic' })),
            }),
            { 'x-kubernetes-list-type': 'atomic' },
          ),
        ),
        matchLabels: Type.Optional(StringMap()),
      },
      { 'x-kubernetes-map-type': 'atomic' },
    ),
  ),
  sourceRef: Type.Object({
    apiVersion: Type.Optional(Type.String()),
    kind: StringEnum(['GitRepository'], { default: 'GitRepository' }),
    name: Type.String(),
    namespace: Type.Optional(Type.String()),
  }),
  suspend: Type.Optional(Type.Boolean()),
  update: Type.Optional(
    Type.Object(
      {
        path: Type.Optional(Type.String()),
        strategy: Type.Optional(StringEnum(['Setters'], { default: 'Setters' })),
      },
      { default: { strategy: 'Setters' } },
    ),
  ),
});
/** The desired state of a ImageUpdateAutomation, as TypeScript. */
export type ImageUpdateAutomationSpec = Type.Static<typeof ImageUpdateAutomationSpec>;
/** The observed state of a ImageUpdateAutomation, written by its controller. */
export const ImageUpdateAutomationStatus = Type.Object(
  {
    conditions: Type.Optional(Type.Array(Condition)),
    lastAutomationRunTime: Type.Optional(Type.String({ format: 'date-time' })),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    lastPushCommit: Type.Optional(Type.String()),
    lastPushTime: Type.Optional(Type.String({ format: 'date-time' })),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    observedPolicies: Type.Optional(MapOf(ImageRef)),
    observedSourceRevision: Type.Optional(Type.String()),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a ImageUpdateAutomation, as TypeScript. */
export type ImageUpdateAutomationStatus = Type.Static<typeof ImageUpdateAutomationStatus>;
/** A whole ImageUpdateAutomation object. */
export const ImageUpdateAutomation = KindSchema(ImageUpdateAutomationSpec, ImageUpdateAutomationStatus, {
  description:
    'An ImageUpdateAutomation commits image references chosen by ImagePolicies to a Git repository.',
});
/** A whole ImageUpdateAutomation object, as TypeScript. */
export type ImageUpdateAutomation = Type.Static<typeof ImageUpdateAutomation>;
/** Names, scope, printer columns and schema of ImageUpdateAutomation v1, for the CRD and the registry. */
export const ImageUpdateAutomationDefinition = defineKind({
  group: 'image.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'ImageUpdateAutomation',
  plural: 'imageupdateautomations',
  singular: 'imageupdateautomation',
  listKind: 'ImageUpdateAutomationList',
  shortNames: ['iua', 'imgupd', 'imgauto'],
  categories: ['all', 'fluxcd', 'fluxcd-images'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [
    ...ReadyColumns,
    {
      jsonPath: '.status.lastAutomationRunTime',
      name: 'Last run',
      priority: 1,
      type: 'string',
    },
    AgeColumn,
  ],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: ImageUpdateAutomation,
});
