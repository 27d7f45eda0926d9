/**
 * The notification v1beta2 API (served for old manifests, stored as the current versions).
 */
export {
  AlertV1beta2,
  ProviderLegacy as ProviderV1beta2,
  ReceiverLegacy as ReceiverV1beta2,
} from '../legacy.ts';
