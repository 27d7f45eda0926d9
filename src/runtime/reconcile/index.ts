export { DefaultProgressDelayMs, DeferredProgress } from './deferred-progress.ts';
export {
  addFinalizer,
  hasFinalizer,
  isDeleting,
  isSuspended,
  reconcileRequest,
  removeFinalizer,
} from './guards.ts';
export { type OutcomeOptions, StallingError, TransientError, toError, WaitingError } from './outcomes.ts';
export { markNewGeneration, markProgressing } from './progressing.ts';
export type { ReconcileResult } from './result.ts';
export {
  type FluxObject,
  type ReconcileReporters,
  type SummarizeInput,
  summarizeAndPatch,
} from './summarize-and-patch.ts';
