/**
 * Annotation, label and finalizer names Flux users and tools already rely on; tsflux reads and
 * writes exactly these strings.
 */

/** Setting this annotation to a new value asks for a reconcile now; echoed in `status.lastHandledReconcileAt`. */
export const ReconcileRequestAnnotation = 'reconcile.fluxcd.io/requestedAt';

/** Together with requestedAt (same value), forces a one-off action such as a Helm upgrade. */
export const ForceRequestAnnotation = 'reconcile.fluxcd.io/forceAt';

/** Together with requestedAt (same value), resets a HelmRelease's failure counts before it reconciles. */
export const ResetRequestAnnotation = 'reconcile.fluxcd.io/resetAt';

/** Finalizer every Flux controller puts on the objects it reconciles. */
export const Finalizer = 'finalizers.fluxcd.io';

/** Label on a Secret or ConfigMap that makes dependants reconcile as soon as it changes. */
export const WatchLabel = 'reconcile.fluxcd.io/watch';

/** The value of {@link WatchLabel} that turns watching on. */
export const WatchLabelEnabled = 'Enabled';
