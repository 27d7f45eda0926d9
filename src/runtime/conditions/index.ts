export { compareConditions } from './order.ts';
export {
  get,
  has,
  isFalse,
  isReady,
  isReconciling,
  isStalled,
  isTrue,
  markFalse,
  markReconciling,
  markStalled,
  markTrue,
  markUnknown,
  remove,
  rfc3339,
  set,
} from './set.ts';
export { type SummaryOptions, summarize } from './summarize.ts';
export type { Condition, Conditioned } from './types.ts';
