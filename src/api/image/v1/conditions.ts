/**
 * Reasons of the image kinds (ImageRepository, ImagePolicy, ImageUpdateAutomation), with Flux's
 * exact strings.
 */

/** Reasons the image reflector (ImageRepository, ImagePolicy) uses. */
export const ImageReflectorReason = {
  ImageURLInvalid: 'ImageURLInvalid',
  DependencyNotReady: 'DependencyNotReady',
  AuthenticationFailed: 'AuthenticationFailed',
  ReadOperationFailed: 'ReadOperationFailed',
  IntervalNotConfigured: 'IntervalNotConfigured',
  /** tsflux's addition: a `image.tsflux.io/` annotation with a value it cannot use. */
  InvalidAnnotation: 'InvalidAnnotation',
} as const;
/** One of {@link ImageReflectorReason}. */
export type ImageReflectorReason = (typeof ImageReflectorReason)[keyof typeof ImageReflectorReason];

/** Reasons the image automation (ImageUpdateAutomation) uses. */
export const ImageAutomationReason = {
  InvalidUpdateStrategy: 'InvalidUpdateStrategy',
  InvalidSourceConfiguration: 'InvalidSourceConfiguration',
  SourceManagerFailed: 'SourceManagerFailed',
  GitOperationFailed: 'GitOperationFailed',
  UpdateFailed: 'UpdateFailed',
  InvalidPolicySelector: 'InvalidPolicySelector',
  RemovedTemplateField: 'RemovedTemplateField',
  /** tsflux's addition: opening a pull request after a push failed. */
  PullRequestFailed: 'PullRequestFailed',
} as const;
/** One of {@link ImageAutomationReason}. */
export type ImageAutomationReason = (typeof ImageAutomationReason)[keyof typeof ImageAutomationReason];
