/**
 * The notification/v1 API: schemas, TypeScript types and kind definitions.
 */
export * from './receiver.ts';
