export { type Correlation, EventCorrelator } from './correlator.ts';
export { KubeEventRecorder } from './kube-recorder.ts';
export { EventRecorder } from './recorder.ts';
export {
  EventGroup,
  EventSeverity,
  EventType,
  type FluxEvent,
  type ObjectReference,
  referenceOf,
  revisionKey,
} from './types.ts';
export { EventPoster } from './webhook.ts';
