export { applyManifests, manifestRef } from './apply-manifests.ts';
export { type InstallOptions, installManifests } from './install-manifests.ts';
