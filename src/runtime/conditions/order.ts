import type { Condition } from './types.ts';

// Flux puts kstatus conditions first in this order, then the rest by newest generation and type.
const weights: Record<string, number> = { Stalled: 0, Reconciling: 1, Ready: 2 };

/** Compares two conditions in Flux's display order (what `kubectl get -o yaml` shows). */
export function compareConditions(a: Condition, b: Condition): number {
  const wa = weights[a.type];
  const wb = weights[b.type];
  if (wa !== undefined && wb !== undefined) return wa - wb;
  if (wa !== undefined) return -1;
  if (wb !== undefined) return 1;
  const ga = a.observedGeneration ?? 0;
  const gb = b.observedGeneration ?? 0;
  if (ga !== gb) return gb - ga;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}
