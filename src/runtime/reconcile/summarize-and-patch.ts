import { ConditionReason, ConditionType } from '../../api/meta/index.ts';
import type { Conditioned, SummaryOptions } from '../conditions/index.ts';
import * as conditions from '../conditions/index.ts';
import {
  isNotFound,
  type KubeClient,
  type KubeObject,
  mergePatchDiff,
  type ResourceRef,
} from '../kube/index.ts';
import { redactor } from '../logging/index.ts';
import { reconcileRequest } from './guards.ts';
import { StallingError, TransientError, toError, WaitingError } from './outcomes.ts';
import type { ReconcileResult } from './result.ts';

/** An object that carries Flux's common status fields. */
export type FluxObject = KubeObject &
  Conditioned & {
    status?: { lastHandledReconcileAt?: string; [k: string]: unknown };
  };

/** Where summarizeAndPatch reports: an event recorder and a duration metric, both optional. */
export interface ReconcileReporters {
  event?(obj: FluxObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  duration?(obj: FluxObject, seconds: number): void;
}

/** Everything the single exit of a reconcile needs. */
export interface SummarizeInput {
  kube: KubeClient;
  /** The object's API reference (with name and namespace). */
  ref: ResourceRef;
  /** The object as the reconcile changed it in memory. */
  obj: FluxObject;
  /** The object's status when the reconcile started: the status patch is the difference. */
  statusBefore: unknown;
  /** The thrown outcome, or undefined on success. */
  outcome?: unknown;
  /** `spec.interval`: the next run after a success. */
  intervalMs: number;
  /** When the reconcile started (performance.now()), for the duration metric. */
  startedAt: number;
  /** The kind's own conditions that roll up into Ready, in priority order. */
  summary?: Pick<SummaryOptions, 'conditions' | 'negativePolarity'>;
  /** Ready's reason and message on success. */
  successReason?: string;
  successMessage?: string;
  reporters?: ReconcileReporters;
  /**
   * Called with the object the API server returned for the status patch (not called when nothing
   * changed): callers wait for their cache to reach its resourceVersion so the next reconcile of
   * the object never starts from a status older than the one just written.
   */
  onPatched?(updated: FluxObject): void;
}

function reasonOf(err: Error): string {
  return err instanceof StallingError || err instanceof WaitingError || err instanceof TransientError
    ? err.reason
    : ConditionReason.ReconciliationFailed;
}

/**
 * The single exit of every reconcile: turns the outcome into conditions (Ready, Reconciling,
 * Stalled, summarized from the kind's own), `observedGeneration` and `lastHandledReconcileAt`,
 * patches the status once (only what changed), records an event and the duration metric, and
 * tells the controller what next: success -> after the interval; waiting -> after its delay;
 * stalled -> nothing until the spec changes; anything else is rethrown for a backoff retry.
 */
export async function summarizeAndPatch(input: SummarizeInput): Promise<ReconcileResult> {
  const { obj } = input;
  const before = conditions.get(obj, ConditionType.Ready);
  const requested = reconcileRequest(obj);
  obj.status ??= {};
  if (requested) obj.status.lastHandledReconcileAt = requested;
  const err = input.outcome === undefined ? undefined : toError(input.outcome);
  // secrets never reach a condition message or an event
  const message = err ? redactor.redact(err.message) : '';
  let result: ReconcileResult = {};
  if (!err) {
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
    result = { requeueAfterMs: input.intervalMs };
  } else if (err instanceof StallingError) {
    conditions.markStalled(obj, err.reason, message);
  } else {
    conditions.markFalse(obj, ConditionType.Ready, reasonOf(err), message);
    // kstatus: a failed attempt that will be retried is still reconciling
    conditions.markTrue(obj, ConditionType.Reconciling, ConditionReason.ProgressingWithRetry, message);
    conditions.remove(obj, ConditionType.Stalled);
    if (err instanceof WaitingError) result = { requeueAfterMs: err.requeueAfterMs };
  }
  if (conditions.isReady(obj)) conditions.remove(obj, ConditionType.Reconciling);
  // the generation was fully handled when Ready or when no retry can help
  if (conditions.isReady(obj) || conditions.isStalled(obj))
    obj.status.observedGeneration = obj.metadata?.generation;

  const patch = mergePatchDiff(input.statusBefore ?? {}, obj.status);
  if (patch !== undefined) {
    try {
      // patch first: an optional call would skip evaluating its argument when there is no hook
      const updated = await input.kube.patchStatus<FluxObject>(input.ref, { status: patch });
      input.onPatched?.(updated);
    } catch (e: unknown) {
      // the object was deleted meanwhile: nothing left to report on
      if (!isNotFound(e)) throw e;
      return {};
    }
  }

  const after = conditions.get(obj, ConditionType.Ready);
  const changed =
    before?.status !== after?.status ||
    before?.reason !== after?.reason ||
    before?.message !== after?.message;
  if (err) {
    input.reporters?.event?.(obj, err instanceof WaitingError ? 'Normal' : 'Warning', reasonOf(err), message);
  } else if (changed && after) {
    input.reporters?.event?.(obj, 'Normal', after.reason, after.message);
  }
  input.reporters?.duration?.(obj, (performance.now() - input.startedAt) / 1000);
  if (err && !(err instanceof StallingError) && !(err instanceof WaitingError)) throw err;
  return result;
}
