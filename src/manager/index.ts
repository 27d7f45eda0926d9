export { applyManifests, manifestRef } from './apply-manifests.ts';
export {
  applyCrdsWithConversion,
  type ConversionWebhook,
  startConversionWebhook,
  type WebhookTarget,
} from './conversion-webhook.ts';
export { type InstallOptions, installManifests } from './install-manifests.ts';
