import { ConditionReason } from '../../api/meta/index.ts';
import * as conditions from '../conditions/index.ts';
import { type KubeClient, mergePatchDiff, type ResourceRef } from '../kube/index.ts';
import type { FluxObject } from './summarize-and-patch.ts';

/**
 * Marks a new generation as in progress before the work starts (Reconciling True, Ready Unknown
 * unless already False) and patches the status at once, so `kubectl wait` and `flux get` show
 * progress on long reconciles, as Flux does. Does nothing when the generation was already
 * observed. Returns the status as patched, to pass as `statusBefore` to summarizeAndPatch.
 */
export async function markProgressing(
  kube: KubeClient,
  ref: ResourceRef,
  obj: FluxObject,
  message = 'reconciliation in progress',
): Promise<unknown> {
  const before = structuredClone(obj.status ?? {});
  if (
    obj.status?.observedGeneration !== undefined &&
    obj.status.observedGeneration === obj.metadata?.generation
  )
    return before;
  conditions.markReconciling(obj, ConditionReason.Progressing, message);
  const patch = mergePatchDiff(before, obj.status);
  if (patch !== undefined) await kube.patchStatus(ref, { status: patch });
  return structuredClone(obj.status);
}
