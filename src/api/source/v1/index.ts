/**
 * The source/v1 API: schemas, TypeScript types and kind definitions.
 */
export * from './bucket.ts';
export * from './conditions.ts';
export * from './external-artifact.ts';
export * from './git-repository.ts';
export * from './git-repository-ref.ts';
export * from './group.ts';
export * from './helm-chart.ts';
export * from './helm-repository.ts';
export * from './oci-layer-selector.ts';
export * from './oci-repository.ts';
export * from './verification.ts';
