import { ConditionReason } from '../../api/meta/index.ts';
import * as conditions from '../conditions/index.ts';
import type { KubeClient, ResourceRef } from '../kube/index.ts';
import { patchStatusDiff } from './patch-status.ts';
import type { FluxObject } from './summarize-and-patch.ts';

/**
 * Marks a new generation as in progress (Reconciling True, Ready Unknown unless already False),
 * in memory only; nothing when the generation was already observed. Tells whether it marked.
 */
export function markNewGeneration(obj: FluxObject, message = 'reconciliation in progress'): boolean {
  if (
    obj.status?.observedGeneration !== undefined &&
    obj.status.observedGeneration === obj.metadata?.generation
  )
    return false;
  conditions.markReconciling(obj, ConditionReason.Progressing, message);
  return true;
}

/**
 * Marks a new generation as in progress before the work starts (see {@link markNewGeneration})
 * and patches the status at once, as Flux does (the reconcile shape defers this write instead,
 * see DeferredProgress). Returns the status as patched, to pass as `statusBefore` to
 * summarizeAndPatch.
 */
export async function markProgressing(
  kube: KubeClient,
  ref: ResourceRef,
  obj: FluxObject,
  message = 'reconciliation in progress',
): Promise<unknown> {
  const before = structuredClone(obj.status ?? {});
  if (!markNewGeneration(obj, message)) return before;
  await patchStatusDiff(kube, ref, before, obj.status);
  return structuredClone(obj.status);
}
