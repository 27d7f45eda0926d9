import { toError } from '../../engines/errors/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import { formatChangeSet, inventoryObjects } from '../../runtime/ssa/index.ts';
import { resourceManager } from './apply.ts';
import { targetCluster } from './clients.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { timeoutMs } from './failures.ts';

/** Flux's `spec.deletionPolicy` values. */
export const DeletionPolicy = {
  MirrorPrune: 'MirrorPrune',
  Delete: 'Delete',
  WaitForTermination: 'WaitForTermination',
  Orphan: 'Orphan',
} as const;

/** Tells whether deleting the Kustomization deletes what it applied. */
export function deletesInventory(obj: KustomizationObject): boolean {
  const policy = obj.spec.deletionPolicy ?? DeletionPolicy.MirrorPrune;
  if (policy === DeletionPolicy.Orphan) return false;
  if (policy === DeletionPolicy.MirrorPrune) return obj.spec.prune === true;
  return true;
}

/**
 * Clean-up before the finalizer goes, as Flux does: unless suspended, the inventory is deleted
 * when the deletion policy says so (`MirrorPrune` follows `spec.prune`, `Delete`,
 * `WaitForTermination` also waits until the objects are gone, `Orphan` keeps them). A failure
 * is logged and reported, never blocks the deletion.
 */
export async function finalizeKustomization(
  env: KustomizeEnv,
  obj: KustomizationObject,
  log: Logger,
): Promise<void> {
  const objects = inventoryObjects(obj.status?.inventory);
  if (obj.spec.suspend || objects.length === 0 || !deletesInventory(obj)) return;
  let target: Awaited<ReturnType<typeof targetCluster>>;
  try {
    target = await targetCluster(env, obj);
  } catch (e: unknown) {
    const message = `unable to prune objects: ${toError(e).message}`;
    log.error(e, message);
    env.recorder.event(obj, 'Warning', 'PruneFailed', message);
    return;
  }
  try {
    const manager = resourceManager(target, obj);
    const { entries } = await manager.deleteAll(objects);
    const deleted = entries.filter((e) => e.action === 'deleted');
    if (deleted.length > 0) env.recorder.event(obj, 'Normal', 'Progressing', formatChangeSet(deleted));
    if (obj.spec.deletionPolicy === DeletionPolicy.WaitForTermination)
      await manager.waitForTermination(objects, { timeoutMs: timeoutMs(obj) });
  } catch (e: unknown) {
    const message = `unable to prune objects: ${toError(e).message}`;
    log.error(e, message);
    env.recorder.event(obj, 'Warning', 'PruneFailed', message);
  } finally {
    target.close();
  }
}
