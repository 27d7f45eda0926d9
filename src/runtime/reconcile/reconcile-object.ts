import { ConditionType } from '../../api/meta/index.ts';
import type { Condition } from '../conditions/index.ts';
import * as conditions from '../conditions/index.ts';
import type { KubeClient, ResourceRef } from '../kube/index.ts';
import { DeferredProgress } from './deferred-progress.ts';
import { addFinalizer, isDeleting, isSuspended, removeFinalizer } from './guards.ts';
import { markNewGeneration } from './progressing.ts';
import type { ReconcileResult } from './result.ts';
import { type FluxObject, type SummarizeInput, summarizeAndPatch } from './summarize-and-patch.ts';

/** What the runner gives a kind's run when it starts. */
export interface RunStart {
  /** Reports the status as it is now: written if the run is still going after a few seconds. */
  report(): Promise<void>;
  /** True when this pass added the finalizer (the object's first reconcile). */
  finalizerAdded: boolean;
}

/** A step's way to end the run early as a success: nothing more to do this time. */
export const Stop = Symbol('stop');

/**
 * One step of a reconcile: reads and changes the object in memory (conditions, status fields),
 * records what it learned in the run, and throws a typed outcome to end the run with a failure,
 * or returns {@link Stop} to end it early with a success.
 */
export type Step<T, R> = (obj: T, run: R) => StepResult | Promise<StepResult>;

/** What a step returns: nothing to go on, {@link Stop} to end the run as a success. */
// biome-ignore lint/suspicious/noConfusingVoidType: any function that returns nothing is a step
export type StepResult = void | typeof Stop;

/** The exit's options a kind computes once the steps are done (success wording, events...). */
export type ExitOptions = Omit<
  SummarizeInput,
  'kube' | 'ref' | 'obj' | 'statusBefore' | 'outcome' | 'startedAt' | 'readyBefore' | 'observedGeneration'
>;

/**
 * One kind's reconcile, as data: the object, its guards' hooks, its ordered steps and its exit.
 * `R` is what the steps share (clients, the abort signal, what they learned for the exit).
 */
export interface ReconcileShape<T extends FluxObject, R> {
  kube: KubeClient;
  /** The object's API reference (with name and namespace). */
  ref: ResourceRef;
  /** A private copy of the cached object: the run changes it in memory. */
  obj: T;
  /** The kind's finalizer (Flux's `finalizers.fluxcd.io` by default). */
  finalizer?: string;
  /** Clean-up when the object is deleted, before its finalizer is dropped. */
  finalize?(obj: T): Promise<void>;
  /**
   * Stop once the finalizer is added, as the source controller does: the finalizer's own watch
   * event brings the object back, and going on would race that pass. Default: go on.
   */
  stopAfterFinalizer?: boolean;
  /**
   * False for kinds whose status has no `observedGeneration` (the ArtifactGenerator): a new
   * generation is not marked in progress by the runner, and the exit does not record it.
   */
  observesGeneration?: boolean;
  /** Suspension; default `spec.suspend`. A suspended object is left alone. */
  suspended?(obj: T): boolean;
  /** Builds the run the steps share. */
  start(begin: RunStart): R;
  /**
   * A gate after the guards: a result here ends the run without any status write (a new
   * Kustomization waiting quietly for its source's first artifact).
   */
  gate?(obj: T, run: R): ReconcileResult | undefined;
  steps: readonly Step<T, R>[];
  /**
   * The exit's options, from the run and its outcome (undefined on success). Called after the
   * steps, before the exit: a kind may record the run (Kustomization's history) here.
   */
  exit(obj: T, run: R, outcome: unknown): ExitOptions;
}

/**
 * The one reconcile shape of every controller: guards (deleted -> finalize and drop the
 * finalizer; add the finalizer; suspended -> stop), a new generation marked in progress (written
 * only if the run lasts, see DeferredProgress), the kind's ordered steps until one throws an
 * outcome or stops, then the single exit, `summarizeAndPatch`, which owns the conditions, the
 * status patch, the result event and the requeue. Undefined when there was nothing to do.
 */
export async function reconcileObject<T extends FluxObject, R>(
  shape: ReconcileShape<T, R>,
): Promise<ReconcileResult | undefined> {
  const { kube, ref, obj } = shape;
  if (isDeleting(obj)) {
    await shape.finalize?.(obj);
    await removeFinalizer(kube, ref, obj, shape.finalizer);
    return undefined;
  }
  const finalizerAdded = await addFinalizer(kube, ref, obj, shape.finalizer);
  if (finalizerAdded && shape.stopAfterFinalizer) return undefined;
  if ((shape.suspended ?? isSuspended)(obj)) return undefined;

  const startedAt = performance.now();
  const progress = new DeferredProgress(kube, ref, obj, { startedAt });
  const run = shape.start({ report: () => progress.report(), finalizerAdded });
  const gated = shape.gate?.(obj, run);
  if (gated) return gated;
  const observes = shape.observesGeneration !== false;
  const readyBefore: Condition | undefined = structuredClone(conditions.get(obj, ConditionType.Ready));
  let outcome: unknown;
  try {
    if (observes && markNewGeneration(obj)) await progress.report();
    for (const step of shape.steps) if ((await step(obj, run)) === Stop) break;
  } catch (e: unknown) {
    outcome = e;
  }
  await progress.close();
  const exit = shape.exit(obj, run, outcome);
  return summarizeAndPatch({
    ...exit,
    kube,
    ref,
    obj,
    statusBefore: progress.written,
    outcome,
    startedAt,
    readyBefore,
    observedGeneration: observes,
  });
}
