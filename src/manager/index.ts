export { applyManifests, manifestRef } from './apply-manifests.ts';
export { controllerForGroup, fluxComponents, fluxControllers } from './controller-names.ts';
export {
  applyCrdsWithConversion,
  type ConversionWebhook,
  startConversionWebhook,
  type WebhookTarget,
} from './conversion-webhook.ts';
export {
  type ControllerHeartbeat,
  HeartbeatLabel,
  heartbeatName,
  readHeartbeats,
  writeHeartbeat,
} from './heartbeat.ts';
export { type InstallOptions, installManifests } from './install-manifests.ts';
export { availableControllers, type Manager, startManager } from './manager.ts';
export { type ManagerOptions, managerOptionsFromFlags } from './options.ts';
export { fluxLabels, TSFLUX_IMAGE, TSFLUX_RELEASE, TSFLUX_VERSION } from './version.ts';
