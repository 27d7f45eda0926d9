/**
 * The tsflux API layer: schemas, TypeScript types, constants and CRD generation for every Flux
 * kind, plus the registry of kinds and the pure conversion between API versions. Imports nothing
 * else of the project but the leaf `engines/errors`, and does no I/O.
 */

export * from './conversion/index.ts';
export * from './crd/index.ts';
export * from './crds.ts';
export * as helmV2 from './helm/v2/index.ts';
export * as helmV2beta1 from './helm/v2beta1/index.ts';
export * as helmV2beta2 from './helm/v2beta2/index.ts';
export * as imageV1 from './image/v1/index.ts';
export * as imageV1beta2 from './image/v1beta2/index.ts';
export * as kustomizeV1 from './kustomize/v1/index.ts';
export * as kustomizeV1beta2 from './kustomize/v1beta2/index.ts';
export * from './meta/index.ts';
export * as notificationV1 from './notification/v1/index.ts';
export * as notificationV1beta1 from './notification/v1beta1/index.ts';
export * as notificationV1beta2 from './notification/v1beta2/index.ts';
export * as notificationV1beta3 from './notification/v1beta3/index.ts';
export * from './registry.ts';
export * as sourceV1 from './source/v1/index.ts';
export * as sourceV1beta2 from './source/v1beta2/index.ts';
export * as sourceExtensionsV1beta1 from './source-extensions/v1beta1/index.ts';
