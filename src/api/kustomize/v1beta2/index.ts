/**
 * The kustomize/v1beta2 API (served for old manifests, stored as the current version).
 */
export * from './kustomization.ts';
