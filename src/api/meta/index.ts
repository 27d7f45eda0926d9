/**
 * What all Flux APIs share: conditions and reasons, annotations and labels, references, Artifact,
 * inventory, kustomize-style patches and selectors, Go durations, and the TypeBox helpers used to
 * write the kinds' schemas.
 */
export * from './annotations.ts';
export * from './artifact.ts';
export * from './condition.ts';
export * from './conditions.ts';
export * from './dependency.ts';
export * from './duration.ts';
export * from './health-check.ts';
export * from './inventory.ts';
export * from './kustomize.ts';
export * from './legacy-fields.ts';
export * from './object.ts';
export * from './references.ts';
export * from './schema-helpers.ts';
