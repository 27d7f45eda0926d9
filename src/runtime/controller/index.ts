export {
  type AnyInformer,
  Controller,
  type ControllerObserver,
  type ControllerOptions,
  type ReconcileContext,
  type Reconciler,
  type Request,
} from './controller.ts';
export { type ControllerDeps, componentRecorder, kindController } from './flux-controller.ts';
export { DefaultIntervalJitterPercent, jitter } from './jitter.ts';
export {
  and,
  annotationChanged,
  deletionOrFinalizersChanged,
  fluxPrimary,
  generationChanged,
  or,
  type Predicate,
  reconcileRequested,
} from './predicates.ts';
export { referencesIndex, watchLabelSelector } from './watch-refs.ts';
