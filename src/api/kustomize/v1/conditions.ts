/**
 * Condition types and reasons of Kustomization, with Flux's exact strings.
 */

/** Condition types of a Kustomization, in addition to Ready/Reconciling/Stalled. */
export const KustomizationCondition = {
  /** The last health assessment result (only when health checks or `wait` are set). */
  Healthy: 'Healthy',
} as const;
/** One of {@link KustomizationCondition}. */
export type KustomizationCondition = (typeof KustomizationCondition)[keyof typeof KustomizationCondition];

/** Reasons the kustomize controller uses. */
export const KustomizationReason = {
  PruneFailed: 'PruneFailed',
  ArtifactFailed: 'ArtifactFailed',
  BuildFailed: 'BuildFailed',
  HealthCheckFailed: 'HealthCheckFailed',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
  ProgressingWithRetry: 'ProgressingWithRetry',
} as const;
/** One of {@link KustomizationReason}. */
export type KustomizationReason = (typeof KustomizationReason)[keyof typeof KustomizationReason];
