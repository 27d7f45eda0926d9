/**
 * What a reconcile asks of the controller: `requeueAfterMs` to look again after a delay (the
 * backoff of the object is forgotten), nothing to wait for the next change. A thrown error means
 * a retry with backoff.
 */
export interface ReconcileResult {
  requeueAfterMs?: number;
}
