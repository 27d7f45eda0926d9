/**
 * Condition types and reasons of the source kinds (GitRepository, OCIRepository, HelmRepository,
 * HelmChart, Bucket), with Flux's exact strings. Most types have negative polarity: they are only
 * present while True (something is wrong).
 */

/** Condition types of source objects, in addition to Ready/Reconciling/Stalled. */
export const SourceCondition = {
  ArtifactInStorage: 'ArtifactInStorage',
  ArtifactOutdated: 'ArtifactOutdated',
  SourceVerified: 'SourceVerified',
  FetchFailed: 'FetchFailed',
  BuildFailed: 'BuildFailed',
  StorageOperationFailed: 'StorageOperationFailed',
  /** GitRepository only: an included repository has no artifact. */
  IncludeUnavailable: 'IncludeUnavailable',
} as const;
/** One of {@link SourceCondition}. */
export type SourceCondition = (typeof SourceCondition)[keyof typeof SourceCondition];

/** Reasons the source controllers use. */
export const SourceReason = {
  URLInvalid: 'URLInvalid',
  AuthenticationFailed: 'AuthenticationFailed',
  VerificationError: 'VerificationError',
  DirectoryCreationFailed: 'DirectoryCreationFailed',
  StatOperationFailed: 'StatOperationFailed',
  ReadOperationFailed: 'ReadOperationFailed',
  AcquireLockFailed: 'AcquireLockFailed',
  InvalidPath: 'InvalidPath',
  ArchiveOperationFailed: 'ArchiveOperationFailed',
  SymlinkUpdateFailed: 'SymlinkUpdateFailed',
  ArtifactUpToDate: 'ArtifactUpToDate',
  CacheOperationFailed: 'CacheOperationFailed',
  GitOperationSucceeded: 'GitOperationSucceeded',
  GitOperationFailed: 'GitOperationFailed',
  OCIArtifactPullFailed: 'OCIArtifactPullFailed',
  OCIArtifactLayerOperationFailed: 'OCIArtifactLayerOperationFailed',
  /** Flux's string really is `IndexationSucceed` (no trailing "ed"). */
  IndexationSucceeded: 'IndexationSucceed',
  IndexationFailed: 'IndexationFailed',
  ChartPullFailed: 'ChartPullFailed',
  ChartPullSucceeded: 'ChartPullSucceeded',
  ChartPackageFailed: 'ChartPackageFailed',
  ChartPackageSucceeded: 'ChartPackageSucceeded',
  BucketOperationSucceeded: 'BucketOperationSucceeded',
  BucketOperationFailed: 'BucketOperationFailed',
} as const;
/** One of {@link SourceReason}. */
export type SourceReason = (typeof SourceReason)[keyof typeof SourceReason];
