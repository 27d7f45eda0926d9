export { applyManifests, manifestRef } from './apply-manifests.ts';
export {
  type ConversionWebhook,
  patchCrdConversion,
  startConversionWebhook,
  type WebhookTarget,
} from './conversion-webhook.ts';
export { type InstallOptions, installManifests } from './install-manifests.ts';
