import { ConditionReason, ConditionType } from '../../api/meta/index.ts';
import type { Condition, Conditioned, SummaryOptions } from '../conditions/index.ts';
import * as conditions from '../conditions/index.ts';
import { isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../kube/index.ts';
import { redactor } from '../logging/index.ts';
import { reconcileRequest } from './guards.ts';
import { reasonOf, StallingError, TransientError, toError, WaitingError } from './outcomes.ts';
import { patchStatusDiff } from './patch-status.ts';
import type { ReconcileResult } from './result.ts';

/** An object that carries Flux's common status fields. */
export type FluxObject = KubeObject &
  Conditioned & {
    status?: { lastHandledReconcileAt?: string; [k: string]: unknown };
  };

/** An event the exit records for the result of a reconcile. */
export interface ResultEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Flux's event metadata (e.g. `source.toolkit.fluxcd.io/revision`); merged over the exit's. */
  metadata?: Record<string, string>;
}

/**
 * Which events the exit records, as a kind words them. Without hooks: a failure is a Warning (a
 * wait a Normal event) with the outcome's reason and the redacted message, and a success is a
 * Normal event with Ready's reason and message when Ready changed during the run.
 */
export interface ResultEvents {
  /** Metadata of every result event (the revision the run worked on, for the notifications). */
  metadata?: Record<string, string>;
  /** The success event, given Ready before the run and now; undefined records none. */
  success?(readyBefore: Condition | undefined, readyAfter: Condition | undefined): ResultEvent | undefined;
  /** The failure event, given the outcome and its redacted message; undefined records none. */
  failure?(err: Error, message: string): ResultEvent | undefined;
}

/** Where summarizeAndPatch reports: an event recorder and a duration metric, both optional. */
export interface ReconcileReporters {
  event?(
    obj: FluxObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    metadata?: Record<string, string>,
  ): void;
  duration?(obj: FluxObject, seconds: number): void;
}

/** Everything the single exit of a reconcile needs. */
export interface SummarizeInput {
  kube: KubeClient;
  /** The object's API reference (with name and namespace). */
  ref: ResourceRef;
  /** The object as the reconcile changed it in memory. */
  obj: FluxObject;
  /** The object's status as the API server holds it: the status patch is the difference. */
  statusBefore: unknown;
  /** The thrown outcome, or undefined on success. */
  outcome?: unknown;
  /** The next run after a success (`spec.interval`); 0 waits for the next change. */
  intervalMs: number;
  /**
   * When set, a transient failure is looked at again after this delay instead of with backoff
   * (Flux's kustomize and helm controllers retry after `spec.retryInterval`).
   */
  retryAfterMs?: number;
  /** When the reconcile started (performance.now()), for the duration metric. */
  startedAt: number;
  /** Ready before the run changed anything, for the success event; default Ready at the exit. */
  readyBefore?: Condition;
  /** The kind's own conditions that roll up into Ready, in priority order. */
  summary?: Pick<SummaryOptions, 'conditions' | 'negativePolarity'>;
  /** Ready's reason and message on success. */
  successReason?: string;
  successMessage?: string;
  /**
   * On success, leave Ready and Reconciling as the steps set them: the run only looked (a
   * disabled ArtifactGenerator). The request echo, the patch, the event and the requeue remain.
   */
  keepReady?: boolean;
  /** False for kinds whose status has no `observedGeneration` (the ArtifactGenerator). */
  observedGeneration?: boolean;
  events?: ResultEvents;
  reporters?: ReconcileReporters;
  /**
   * Called with the object the API server returned for the status patch (not called when nothing
   * changed), before the events: callers wait for their cache to reach its resourceVersion so the
   * next reconcile of the object never starts from a status older than the one just written.
   */
  onPatched?(updated: FluxObject): void | Promise<void>;
}

// Ready, Reconciling and Stalled for the outcome, kstatus-compliant; the requeue it asks for
function summarize(input: SummarizeInput, err: Error | undefined, message: string): ReconcileResult {
  const { obj } = input;
  if (!err) {
    if (input.keepReady) return { requeueAfterMs: input.intervalMs };
    conditions.remove(obj, ConditionType.Stalled);
    const successReason = input.successReason ?? ConditionReason.Succeeded;
    const successMessage = input.successMessage ?? 'reconciliation succeeded';
    if (input.summary) {
      conditions.summarize(obj, {
        target: ConditionType.Ready,
        ...input.summary,
        successReason,
        successMessage,
      });
    } else conditions.markTrue(obj, ConditionType.Ready, successReason, successMessage);
    if (conditions.isReady(obj)) conditions.remove(obj, ConditionType.Reconciling);
    return { requeueAfterMs: input.intervalMs };
  }
  if (err instanceof StallingError) {
    conditions.markStalled(obj, err.reason, message);
    return {};
  }
  conditions.markFalse(obj, ConditionType.Ready, reasonOf(err), message);
  // kstatus: a failed attempt that will be retried is still reconciling
  conditions.markTrue(obj, ConditionType.Reconciling, ConditionReason.ProgressingWithRetry, message);
  conditions.remove(obj, ConditionType.Stalled);
  if (err instanceof WaitingError) return { requeueAfterMs: err.requeueAfterMs };
  if (err instanceof TransientError && input.retryAfterMs !== undefined)
    return { requeueAfterMs: input.retryAfterMs };
  return {};
}

function resultEvent(
  input: SummarizeInput,
  err: Error | undefined,
  message: string,
): ResultEvent | undefined {
  const after = conditions.get(input.obj, ConditionType.Ready);
  if (err) {
    if (input.events?.failure) return input.events.failure(err, message);
    return { type: err instanceof WaitingError ? 'Normal' : 'Warning', reason: reasonOf(err), message };
  }
  const before = input.readyBefore;
  if (input.events?.success) return input.events.success(before, after);
  const changed =
    before?.status !== after?.status ||
    before?.reason !== after?.reason ||
    before?.message !== after?.message;
  return changed && after ? { type: 'Normal', reason: after.reason, message: after.message } : undefined;
}

/**
 * The single exit of every reconcile: turns the outcome into conditions (Ready, Reconciling,
 * Stalled, summarized from the kind's own), `observedGeneration` and `lastHandledReconcileAt`,
 * patches the status once (only what changed), records the result event (worded by the kind's
 * hooks) and the duration metric, and tells the controller what next: success -> after the
 * interval; waiting -> after its delay; stalled -> nothing until the spec changes; transient ->
 * after `retryAfterMs` when the kind sets one; anything else is rethrown for a backoff retry.
 */
export async function summarizeAndPatch(input: SummarizeInput): Promise<ReconcileResult> {
  const { obj } = input;
  input.readyBefore ??= conditions.get(obj, ConditionType.Ready);
  const requested = reconcileRequest(obj);
  obj.status ??= {};
  if (requested) obj.status.lastHandledReconcileAt = requested;
  const err = input.outcome === undefined ? undefined : toError(input.outcome);
  // secrets never reach a condition message or an event
  const message = err ? redactor.redact(err.message) : '';
  const result = summarize(input, err, message);
  // the generation was fully handled when Ready or when no retry can help
  if (input.observedGeneration !== false && (conditions.isReady(obj) || conditions.isStalled(obj)))
    obj.status.observedGeneration = obj.metadata?.generation;

  try {
    const updated = await patchStatusDiff<FluxObject>(input.kube, input.ref, input.statusBefore, obj.status);
    if (updated) await input.onPatched?.(updated);
  } catch (e: unknown) {
    // the object was deleted meanwhile: nothing left to report on
    if (!isNotFound(e)) throw e;
    return {};
  }

  const event = resultEvent(input, err, message);
  if (event) {
    const metadata = { ...input.events?.metadata, ...event.metadata };
    const some = Object.keys(metadata).length > 0;
    input.reporters?.event?.(obj, event.type, event.reason, event.message, some ? metadata : undefined);
  }
  input.reporters?.duration?.(obj, (performance.now() - input.startedAt) / 1000);
  if (err && !(err instanceof StallingError) && !(err instanceof WaitingError)) {
    if (!(err instanceof TransientError && input.retryAfterMs !== undefined)) throw err;
  }
  return result;
}
