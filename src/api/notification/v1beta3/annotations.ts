/**
 * Annotations tsflux reads on Alerts and Providers, beyond Flux's API (the CRDs stay Flux's, so
 * that a manifest using them still validates against Flux's schemas; Flux ignores them).
 */

/**
 * Alert message templates (docs/notifications.md): Go templates rendered with the event as data
 * (`.InvolvedObject.Name`, `.Reason`, `.Message`, `.Metadata.revision`...) and the Sprig
 * functions. `Summary` replaces the Alert's `summary`, `Message` the event's message, in what the
 * Provider receives.
 */
export const AlertTemplateAnnotation = {
  Summary: 'notification.tsflux.io/summary-template',
  Message: 'notification.tsflux.io/message-template',
} as const;

/**
 * A Provider type tsflux delivers to that Flux's `spec.type` enum does not list: `email`. When
 * set, it replaces `spec.type` (which must still be one of Flux's; `generic` by convention).
 */
export const ProviderTypeAnnotation = 'notification.tsflux.io/type';
