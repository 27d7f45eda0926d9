/**
 * The kustomize/v1 API: schemas, TypeScript types and kind definitions.
 */
export * from './kustomization.ts';
