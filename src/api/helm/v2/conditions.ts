/**
 * Condition types and reasons of HelmRelease, with Flux's exact strings.
 */

/** Condition types of a HelmRelease, in addition to Ready/Reconciling/Stalled. */
export const HelmReleaseCondition = {
  Released: 'Released',
  TestSuccess: 'TestSuccess',
  Remediated: 'Remediated',
} as const;
/** One of {@link HelmReleaseCondition}. */
export type HelmReleaseCondition = (typeof HelmReleaseCondition)[keyof typeof HelmReleaseCondition];

/** Reasons the helm controller uses. */
export const HelmReleaseReason = {
  InstallSucceeded: 'InstallSucceeded',
  InstallFailed: 'InstallFailed',
  UpgradeSucceeded: 'UpgradeSucceeded',
  UpgradeFailed: 'UpgradeFailed',
  TestSucceeded: 'TestSucceeded',
  TestFailed: 'TestFailed',
  RollbackSucceeded: 'RollbackSucceeded',
  RollbackFailed: 'RollbackFailed',
  UninstallSucceeded: 'UninstallSucceeded',
  UninstallFailed: 'UninstallFailed',
  ArtifactFailed: 'ArtifactFailed',
  InitFailed: 'InitFailed',
  GetLastReleaseFailed: 'GetLastReleaseFailed',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
} as const;
/** One of {@link HelmReleaseReason}. */
export type HelmReleaseReason = (typeof HelmReleaseReason)[keyof typeof HelmReleaseReason];
