/**
 * The helm/v2 API: schemas, TypeScript types and kind definitions.
 */

export * from './conditions.ts';
export * from './helm-release.ts';
