/**
 * The source.extensions.fluxcd.io/v1beta1 API (Flux's source-watcher): schemas, types, constants.
 */
export * from './artifact-generator.ts';
export * from './constants.ts';
