import { ConditionReason, ConditionStatus, ConditionType } from '../../api/meta/index.ts';
import { compareConditions } from './order.ts';
import type { Condition, Conditioned } from './types.ts';

/** The condition of `type`, if the object has one. */
export function get(obj: Conditioned, type: string): Condition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

/** True when the object has a condition of `type`. */
export function has(obj: Conditioned, type: string): boolean {
  return get(obj, type) !== undefined;
}

/** True when the condition of `type` is True. */
export function isTrue(obj: Conditioned, type: string): boolean {
  return get(obj, type)?.status === ConditionStatus.True;
}

/** True when the condition of `type` is False. */
export function isFalse(obj: Conditioned, type: string): boolean {
  return get(obj, type)?.status === ConditionStatus.False;
}

/** True when Ready is True. */
export function isReady(obj: Conditioned): boolean {
  return isTrue(obj, ConditionType.Ready);
}

/** True when Stalled is True. */
export function isStalled(obj: Conditioned): boolean {
  return isTrue(obj, ConditionType.Stalled);
}

/** True when Reconciling is True. */
export function isReconciling(obj: Conditioned): boolean {
  return isTrue(obj, ConditionType.Reconciling);
}

/**
 * Sets a condition: `observedGeneration` becomes the object's generation (kstatus reads it), the
 * transition time changes only when the status does, and the list is kept in Flux's order.
 */
export function set(
  obj: Conditioned,
  c: Omit<Condition, 'lastTransitionTime' | 'observedGeneration'> & { lastTransitionTime?: string },
  now: Date = new Date(),
): void {
  obj.status ??= {};
  const list = obj.status.conditions ?? [];
  const existing = list.find((x) => x.type === c.type);
  const next: Condition = {
    type: c.type,
    status: c.status,
    observedGeneration: obj.metadata?.generation ?? 0,
    lastTransitionTime:
      existing && existing.status === c.status
        ? existing.lastTransitionTime
        : (c.lastTransitionTime ?? rfc3339(now)),
    reason: c.reason,
    message: c.message,
  };
  if (next.observedGeneration === 0 && obj.metadata?.generation === undefined) delete next.observedGeneration;
  const rest = list.filter((x) => x.type !== c.type);
  obj.status.conditions = [...rest, next].sort(compareConditions);
}

/** Sets the condition `type` to True. */
export function markTrue(obj: Conditioned, type: string, reason: string, message: string): void {
  set(obj, { type, status: ConditionStatus.True, reason, message });
}

/** Sets the condition `type` to False. */
export function markFalse(obj: Conditioned, type: string, reason: string, message: string): void {
  set(obj, { type, status: ConditionStatus.False, reason, message });
}

/** Sets the condition `type` to Unknown. */
export function markUnknown(obj: Conditioned, type: string, reason: string, message: string): void {
  set(obj, { type, status: ConditionStatus.Unknown, reason, message });
}

/** Removes the condition `type`. */
export function remove(obj: Conditioned, type: string): void {
  if (!obj.status?.conditions) return;
  obj.status.conditions = obj.status.conditions.filter((c) => c.type !== type);
}

/**
 * Marks work in progress, the kstatus way: Reconciling True, Stalled removed, and Ready Unknown
 * with the same reason and message unless Ready is already False (a failure stays visible while
 * the retry runs).
 */
export function markReconciling(
  obj: Conditioned,
  reason: string = ConditionReason.Progressing,
  message = 'reconciliation in progress',
): void {
  markTrue(obj, ConditionType.Reconciling, reason, message);
  remove(obj, ConditionType.Stalled);
  if (!isFalse(obj, ConditionType.Ready)) markUnknown(obj, ConditionType.Ready, reason, message);
}

/** Marks a failure no retry can fix: Stalled True, Reconciling removed, Ready False. */
export function markStalled(obj: Conditioned, reason: string, message: string): void {
  markTrue(obj, ConditionType.Stalled, reason, message);
  remove(obj, ConditionType.Reconciling);
  markFalse(obj, ConditionType.Ready, reason, message);
}

/** Go's time.RFC3339 as Kubernetes serializes metav1.Time: second precision, `Z`. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
