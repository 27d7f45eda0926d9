/**
 * The notification v1beta1 API (served for old manifests, stored as the current versions).
 */
export {
  AlertV1beta1,
  ProviderLegacy as ProviderV1beta1,
  ReceiverLegacy as ReceiverV1beta1,
} from '../legacy.ts';
