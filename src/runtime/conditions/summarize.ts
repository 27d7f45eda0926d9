import { ConditionStatus } from '../../api/meta/index.ts';
import { get, set } from './set.ts';
import type { Conditioned } from './types.ts';

/** How one kind's conditions roll up into its Ready condition. */
export interface SummaryOptions {
  /** The condition to write, usually Ready. */
  target: string;
  /** Conditions that feed the summary, in priority order (the first bad one gives the reason). */
  conditions: string[];
  /** Conditions whose True means trouble (Stalled, Reconciling, ArtifactOutdated, FetchFailed...). */
  negativePolarity?: string[];
  /** Reason and message when every fed condition is fine. */
  successReason: string;
  successMessage: string;
}

/**
 * Sets the target condition from the others: False with the reason and message of the first
 * condition (in priority order) that is bad (a positive one False, or a negative one True); else
 * Unknown from the first Unknown positive one; else True with the success reason. Absent
 * conditions do not count, as in Flux's summary.
 */
export function summarize(obj: Conditioned, o: SummaryOptions): void {
  const negative = new Set(o.negativePolarity ?? []);
  let unknown: { reason: string; message: string } | undefined;
  for (const type of o.conditions) {
    const c = get(obj, type);
    if (!c) continue;
    const bad = negative.has(type) ? c.status === ConditionStatus.True : c.status === ConditionStatus.False;
    if (bad) {
      set(obj, { type: o.target, status: ConditionStatus.False, reason: c.reason, message: c.message });
      return;
    }
    if (!negative.has(type) && c.status === ConditionStatus.Unknown)
      unknown ??= { reason: c.reason, message: c.message };
  }
  if (unknown) {
    set(obj, { type: o.target, status: ConditionStatus.Unknown, ...unknown });
    return;
  }
  set(obj, {
    type: o.target,
    status: ConditionStatus.True,
    reason: o.successReason,
    message: o.successMessage,
  });
}
