/**
 * Alert (notification.toolkit.fluxcd.io/v1beta3): field set, defaults and validation as Flux 2.9 declares them.
 * The CRD schema and the TypeScript types are both derived from the TypeBox definitions below.
 */
import Type from 'typebox';
import { AgeColumn, defineKind } from '../../crd/index.ts';
import { KindSchemaWithoutStatus, LocalObjectReference, StringEnum, StringMap } from '../../meta/index.ts';

/** The desired state of a Alert (notification.toolkit.fluxcd.io/v1beta3). */
export const AlertSpec = Type.Object({
  eventMetadata: Type.Optional(StringMap()),
  eventSeverity: Type.Optional(StringEnum(['info', 'error'], { default: 'info' })),
  eventSources: Type.Array(
    Type.Object({
      apiVersion: Type.Optional(Type.String()),
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
  exclusionList: Type.Optional(Type.Array(Type.String())),
  inclusionList: Type.Optional(Type.Array(Type.String())),
  providerRef: LocalObjectReference,
  summary: Type.Optional(Type.String({ maxLength: 255 })),
  suspend: Type.Optional(Type.Boolean()),
});
/** The desired state of a Alert, as TypeScript. */
export type AlertSpec = Type.Static<typeof AlertSpec>;
/** A whole Alert object. */
export const Alert = KindSchemaWithoutStatus(AlertSpec, {
  description: 'An Alert forwards events of chosen Flux objects to a Provider.',
});
/** A whole Alert object, as TypeScript. */
export type Alert = Type.Static<typeof Alert>;
/** Names, scope, printer columns and schema of Alert v1beta3, for the CRD and the registry. */
export const AlertDefinition = defineKind({
  group: 'notification.toolkit.fluxcd.io',
  version: 'v1beta3',
  kind: 'Alert',
  plural: 'alerts',
  singular: 'alert',
  listKind: 'AlertList',
  shortNames: [],
  categories: ['all', 'fluxcd', 'fluxcd-notifications'],
  namespaced: true,
  storage: true,
  served: true,
  statusSubresource: false,
  printerColumns: [AgeColumn],
  crdAnnotations: {
    'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
  },
  schema: Alert,
});
