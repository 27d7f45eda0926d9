import type { KubeClient, ResourceRef } from '../kube/index.ts';
import { patchStatusDiff } from './patch-status.ts';
import type { FluxObject } from './summarize-and-patch.ts';

/** How long a reconcile runs before its progress is written (a quick one writes only its result). */
export const DefaultProgressDelayMs = 5_000;

/**
 * Writes a reconcile's in-progress status (Reconciling, Ready Unknown, "Running health checks…")
 * only when the reconcile is still running after a delay. Flux patches each step at once; on a
 * quick reconcile those patches are replaced within the second by the final status, and at
 * thousands of objects they are a third of the controller's API requests. A long reconcile
 * still shows its progress: from the delay on, and then every step at once.
 */
export class DeferredProgress {
  private readonly kube: KubeClient;
  private readonly ref: ResourceRef;
  private readonly obj: FluxObject;
  private readonly due: number;
  // the clock the delay is measured on (performance.now; a test's own clock in unit tests)
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private closed = false;
  private reported: unknown;
  /** The status as last written to the API server (the `statusBefore` of the final patch). */
  written: unknown;

  constructor(
    kube: KubeClient,
    ref: ResourceRef,
    obj: FluxObject,
    options: { delayMs?: number; startedAt?: number; now?: () => number } = {},
  ) {
    this.kube = kube;
    this.ref = ref;
    this.obj = obj;
    this.written = structuredClone(obj.status ?? {});
    this.now = options.now ?? (() => performance.now());
    this.due = (options.startedAt ?? this.now()) + (options.delayMs ?? DefaultProgressDelayMs);
  }

  /**
   * Reports the status as it is now (a snapshot: later changes in memory are not written until
   * reported): written at once when the delay is over, else when it ends.
   */
  async report(): Promise<void> {
    if (this.closed) return;
    this.reported = structuredClone(this.obj.status ?? {});
    const wait = this.due - this.now();
    if (wait <= 0) return this.write();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      // a failed progress write is not the reconcile's failure: the final patch carries it all
      this.write().catch(() => undefined);
    }, wait);
  }

  /** Stops writing progress and waits for a write in flight; then `written` is what the server holds. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }

  private async write(): Promise<void> {
    // no await when nothing is in flight: the patch starts within report(), before any close()
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.closed) return;
    const next = this.reported;
    const p = patchStatusDiff(this.kube, this.ref, this.written, next).then(() => {
      this.written = next;
    });
    this.inFlight = p;
    await p;
  }
}
