/**
 * Receiver (notification.toolkit.fluxcd.io/v1): field set, defaults and validation as Flux 2.9 declares them.
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

/** The desired state of a Receiver (notification.toolkit.fluxcd.io/v1). */
export const ReceiverSpec = Type.Object(
  {
    events: Type.Optional(Type.Array(Type.String())),
    interval: Type.Optional(Duration({ default: '10m' })),
    oidcProviders: Type.Optional(
      Type.Array(
        Type.Object({
          audience: Type.Optional(Type.String()),
          issuerURL: Type.String({ pattern: '^https?://' }),
          validations: Type.Array(
            Type.Object({
              expression: Type.String(),
              message: Type.String(),
            }),
            { minItems: 1 },
          ),
          variables: Type.Optional(
            Type.Array(
              Type.Object({
                expression: Type.String(),
                name: Type.String(),
              }),
            ),
          ),
        }),
        { 'x-kubernetes-list-map-keys': ['issuerURL'], 'x-kubernetes-list-type': 'map' },
      ),
    ),
    resourceFilter: Type.Optional(Type.String()),
    resources: Type.Array(
      Type.Object({
        apiVersion: Type.Optional(Type.String()),
        filter: Type.Optional(Type.String()),
        kind: StringEnum([
          'Bucket',
          'GitRepository',
          'Kustomization',
          'HelmRelease',
          'HelmChart',
          'HelmRepository',
          'ImageRepository',
          'ImagePolicy',
          'ImageUpdateAutomation',
          'OCIRepository',
          'ArtifactGenerator',
          'ExternalArtifact',
        ]),
        matchLabels: Type.Optional(StringMap()),
        name: Type.String({ maxLength: 253, minLength: 1 }),
        namespace: Type.Optional(Type.String({ maxLength: 253, minLength: 1 })),
      }),
    ),
    secretRef: Type.Optional(LocalObjectReference),
    suspend: Type.Optional(Type.Boolean()),
    type: StringEnum([
      'generic',
      'generic-hmac',
      'generic-oidc',
      'github',
      'gitlab',
      'bitbucket',
      'harbor',
      'dockerhub',
      'quay',
      'gcr',
      'nexus',
      'acr',
      'cdevents',
    ]),
  },
  {
    'x-kubernetes-validations': [
      {
        message: 'generic-oidc receivers must define at least one oidcProvider',
        rule: "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)",
      },
      {
        message: 'oidcProviders can only be set when type is generic-oidc',
        rule: "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0",
      },
      {
        message: 'secretRef cannot be set when type is generic-oidc',
        rule: "self.type != 'generic-oidc' || !has(self.secretRef)",
      },
      {
        message: 'secretRef is required when type is not generic-oidc',
        rule: "self.type == 'generic-oidc' || has(self.secretRef)",
      },
    ],
  },
);
/** The desired state of a Receiver, as TypeScript. */
export type ReceiverSpec = Type.Static<typeof ReceiverSpec>;
/** The observed state of a Receiver, written by its controller. */
export const ReceiverStatus = Type.Object(
  {
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    webhookPath: Type.Optional(Type.String()),
  },
  { default: { observedGeneration: -1 } },
);
/** The observed state of a Receiver, as TypeScript. */
export type ReceiverStatus = Type.Static<typeof ReceiverStatus>;
/** A whole Receiver object. */
export const Receiver = KindSchema(ReceiverSpec, ReceiverStatus, {
  description:
    'A Receiver exposes a webhook that requests reconciliation of Flux objects when an external system calls it.',
});
/** A whole Receiver object, as TypeScript. */
export type Receiver = Type.Static<typeof Receiver>;
/** Names, scope, printer columns and schema of Receiver v1, for the CRD and the registry. */
export const ReceiverDefinition = defineKind({
  group: 'notification.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'Receiver',
  plural: 'receivers',
  singular: 'receiver',
  listKind: 'ReceiverList',
  shortNames: [],
  categories: ['all', 'fluxcd', 'fluxcd-notifications'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: true,
  printerColumns: [AgeColumn, ...ReadyColumns],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: Receiver,
});
