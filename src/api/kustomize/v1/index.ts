/**
 * The kustomize/v1 API: schemas, TypeScript types and kind definitions.
 */

export * from './conditions.ts';
export * from './kustomization.ts';
