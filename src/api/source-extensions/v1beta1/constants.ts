/**
 * The names source-watcher uses on objects: its finalizer, the label on generated
 * ExternalArtifacts, the origin-revision metadata key, the reconcile on/off annotation and its
 * condition reasons.
 */

/** The finalizer on ArtifactGenerators. */
export const ArtifactGeneratorFinalizer = 'source.extensions.fluxcd.io/finalizer';
/** The label carrying the generator's UID on every ExternalArtifact it generated. */
export const ArtifactGeneratorLabel = 'source.extensions.fluxcd.io/generator';
/** The artifact metadata key that carries the origin revision (e.g. a Git commit). */
export const ArtifactOriginRevisionAnnotation = 'org.opencontainers.image.revision';
/** `Disabled` (any case) here pauses reconciliation of a generator. */
export const ArtifactGeneratorReconcileAnnotation = 'source.extensions.fluxcd.io/reconcile';

/** A Go duration here replaces the generator's one-hour reconcile interval. */
export const ArtifactGeneratorReconcileEveryAnnotation = 'source.extensions.fluxcd.io/reconcileEvery';

/** Reasons of the generator's conditions and events. */
export const ArtifactGeneratorReason = {
  ReconciliationDisabled: 'ReconciliationDisabled',
  AccessDenied: 'AccessDenied',
  ValidationFailed: 'ValidationFailed',
  SourceFetchFailed: 'SourceFetchFailed',
  /** Flux's common `BuildFailed` (meta), used when a copy rule or the archive fails. */
  BuildFailed: 'BuildFailed',
} as const;
