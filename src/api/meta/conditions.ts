/**
 * Condition types and reasons shared by every Flux kind. The strings are Flux's own, so
 * `kubectl wait --for=condition=Ready`, dashboards and alert rules written for Flux keep working.
 */

/** Condition types common to all Flux objects (kstatus-compatible). */
export const ConditionType = {
  Ready: 'Ready',
  Reconciling: 'Reconciling',
  Stalled: 'Stalled',
  Healthy: 'Healthy',
} as const;
/** One of {@link ConditionType}. */
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** Reasons shared by all Flux controllers; kinds add their own next to their schema. */
export const ConditionReason = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Progressing: 'Progressing',
  ProgressingWithRetry: 'ProgressingWithRetry',
  Suspended: 'Suspended',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
  HealthCheckFailed: 'HealthCheckFailed',
  InvalidCELExpression: 'InvalidCELExpression',
  FeatureGateDisabled: 'FeatureGateDisabled',
} as const;
/** One of {@link ConditionReason}. */
export type ConditionReason = (typeof ConditionReason)[keyof typeof ConditionReason];

/** Status values of a condition. */
export const ConditionStatus = { True: 'True', False: 'False', Unknown: 'Unknown' } as const;
/** One of {@link ConditionStatus}. */
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];
