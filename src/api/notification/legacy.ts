/**
 * notification.toolkit.fluxcd.io v1beta1 and v1beta2 (dropped by Flux, still served by tsflux).
 * Alert and Provider had a status then (conditions, observedGeneration); v1beta1 Receiver
 * reported `status.url`. v1beta1 Alert also accepts `receiverRefs`, the list form some manifests
 * use; conversion turns a single entry into `providerRef`.
 */
import Type from 'typebox';
import type { KindVersion } from '../crd/index.ts';
import { deriveSchema, legacyVersion } from '../crd/index.ts';
import { Condition, CrossNamespaceLocalReference } from '../meta/index.ts';
import { Receiver, ReceiverDefinition } from './v1/index.ts';
import { Alert, AlertDefinition, Provider, ProviderDefinition } from './v1beta3/index.ts';

const LegacyStatus = Type.Object(
  {
    conditions: Type.Optional(Type.Array(Condition)),
    lastHandledReconcileAt: Type.Optional(Type.String()),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  },
  { default: { observedGeneration: -1 } },
);

const withStatus = { at: '', add: { status: LegacyStatus } };

/** The v1beta2 Alert schema. */
export const AlertV1beta2 = deriveSchema(Alert, [withStatus]);
/** The v1beta1 Alert schema: `providerRef` or a one-entry `receiverRefs`. */
export const AlertV1beta1 = deriveSchema(Alert, [
  withStatus,
  {
    at: 'spec',
    add: { receiverRefs: Type.Array(CrossNamespaceLocalReference) },
    makeOptional: ['providerRef'],
  },
]);
/** The v1beta1 and v1beta2 Provider schema. */
export const ProviderLegacy = deriveSchema(Provider, [withStatus, { at: 'spec', dropValidations: true }]);
/** The v1beta1 and v1beta2 Receiver schema (v1beta1 reported `status.url`). */
export const ReceiverLegacy = deriveSchema(Receiver, [
  { at: 'spec', dropValidations: true },
  { at: 'status', add: { url: Type.String() } },
]);

const readyColumns: KindVersion['printerColumns'] = [
  { jsonPath: '.metadata.creationTimestamp', name: 'Age', type: 'date' },
  { jsonPath: '.status.conditions[?(@.type=="Ready")].status', name: 'Ready', type: 'string' },
  { jsonPath: '.status.conditions[?(@.type=="Ready")].message', name: 'Status', type: 'string' },
];

function withStatusSubresource(definition: KindVersion): KindVersion {
  return { ...definition, statusSubresource: true, printerColumns: readyColumns };
}

/** The v1beta1 and v1beta2 notification kinds: served, converted to the storage versions. */
export const notificationLegacyDefinitions: KindVersion[] = [
  withStatusSubresource(legacyVersion(AlertDefinition, 'v1beta1', AlertV1beta1)),
  withStatusSubresource(legacyVersion(AlertDefinition, 'v1beta2', AlertV1beta2)),
  withStatusSubresource(legacyVersion(ProviderDefinition, 'v1beta1', ProviderLegacy)),
  withStatusSubresource(legacyVersion(ProviderDefinition, 'v1beta2', ProviderLegacy)),
  legacyVersion(ReceiverDefinition, 'v1beta1', ReceiverLegacy),
  legacyVersion(ReceiverDefinition, 'v1beta2', ReceiverLegacy),
];
