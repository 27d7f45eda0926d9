/**
 * The helm/v2beta1 API (served for old manifests, stored as the current version).
 */
export * from './helm-release.ts';
