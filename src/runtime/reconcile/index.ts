export { type CacheLookup, cacheReaches } from './cache-reaches.ts';
export { DefaultProgressDelayMs, DeferredProgress } from './deferred-progress.ts';
export {
  addFinalizer,
  hasFinalizer,
  isDeleting,
  isSuspended,
  reconcileRequest,
  removeFinalizer,
} from './guards.ts';
export { loadObject } from './load-object.ts';
export {
  type OutcomeOptions,
  reasonOf,
  StallingError,
  TransientError,
  toError,
  WaitingError,
} from './outcomes.ts';
export { patchStatusDiff } from './patch-status.ts';
export { markNewGeneration, markProgressing } from './progressing.ts';
export {
  type ExitOptions,
  type ReconcileShape,
  type RunStart,
  reconcileObject,
  type Step,
  Stop,
} from './reconcile-object.ts';
export { type ReportingEnv, reportersOf } from './reporters.ts';
export type { ReconcileResult } from './result.ts';
export {
  type FluxObject,
  type ReconcileReporters,
  type ResultEvent,
  type ResultEvents,
  type SummarizeInput,
  summarizeAndPatch,
} from './summarize-and-patch.ts';
