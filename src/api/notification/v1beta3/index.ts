/**
 * The notification/v1beta3 API: schemas, TypeScript types and kind definitions.
 */
export * from './alert.ts';
export * from './annotations.ts';
export * from './provider.ts';
