import type { KubeObject } from '../kube/index.ts';

/** Kubernetes event types. `Trace` events are kept as Kubernetes Events only, as in Flux. */
export const EventType = { Normal: 'Normal', Warning: 'Warning', Trace: 'Trace' } as const;
/** One of {@link EventType}. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Severity of a Flux notification event (fluxcd/pkg/apis/event v1beta1). */
export const EventSeverity = { Info: 'info', Error: 'error', Trace: 'trace' } as const;
/** One of {@link EventSeverity}. */
export type EventSeverity = (typeof EventSeverity)[keyof typeof EventSeverity];

/** The API group of Flux events: object annotations with this prefix travel with every event. */
export const EventGroup = 'event.toolkit.fluxcd.io';

/** A reference to the object an event is about (core v1 ObjectReference). */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
}

/** Flux's notification event, as POSTed to `--events-addr` (event.toolkit.fluxcd.io v1beta1 Event). */
export interface FluxEvent {
  involvedObject: ObjectReference;
  severity: EventSeverity;
  timestamp: string;
  message: string;
  reason: string;
  metadata?: Record<string, string>;
  reportingController: string;
  reportingInstance?: string;
}

/** The reference of an object, for `involvedObject`. */
export function referenceOf(obj: KubeObject): ObjectReference {
  return {
    kind: obj.kind,
    namespace: obj.metadata?.namespace,
    name: obj.metadata?.name,
    uid: obj.metadata?.uid,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata?.resourceVersion,
  };
}

/** The event metadata key of a revision, e.g. `source.toolkit.fluxcd.io/revision`. */
export function revisionKey(group: string): string {
  return `${group}/revision`;
}
