import { KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { toError } from '../../engines/errors/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import {
  type ChangeSetEntry,
  ChangeSetError,
  type Inventory,
  inventoryDiff,
  inventoryFromChangeSet,
  type OwnedObjectCache,
  ResourceManager,
} from '../../runtime/ssa/index.ts';
import type { TargetCluster } from './clients.ts';
import type { KustomizationObject } from './env.ts';
import { failure, timeoutMs } from './failures.ts';

/** The field manager Flux's kustomize-controller applies with. */
export const FieldManager = 'kustomize-controller';

/**
 * The resource manager of one Kustomization: its owner labels and the target cluster, reading
 * the controller's owned-object cache when the target is the controller's own cluster.
 */
export function resourceManager(
  target: TargetCluster,
  obj: KustomizationObject,
  cache?: OwnedObjectCache,
): ResourceManager {
  return new ResourceManager(target.kube, {
    fieldManager: FieldManager,
    mapper: target.mapper,
    owner: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '' },
    cache: target.local ? cache : undefined,
  });
}

/**
 * Applies the built objects in Flux's stages (`spec.force`, `spec.ignore`, the ssa annotations
 * are honoured by the resource manager). On failure the partial change set still enters the
 * inventory, merged with the old one, so nothing applied is ever orphaned.
 */
export async function applyObjects(
  manager: ResourceManager,
  obj: KustomizationObject,
  objects: KubeObject[],
): Promise<{ entries: ChangeSetEntry[]; inventory: Inventory }> {
  try {
    const { entries } = await manager.applyAll(objects, {
      force: obj.spec.force === true,
      waitTimeoutMs: timeoutMs(obj),
      ignore: obj.spec.ignore,
    });
    return { entries, inventory: inventoryFromChangeSet(entries) };
  } catch (e: unknown) {
    if (e instanceof ChangeSetError && obj.status) {
      const partial = inventoryFromChangeSet(e.entries).entries;
      const ids = new Set(partial.map((p) => p.id));
      obj.status.inventory = {
        entries: [...partial, ...(obj.status.inventory?.entries ?? []).filter((x) => !ids.has(x.id))],
      };
    }
    throw failure(obj, KustomizationReason.ReconciliationFailed, toError(e).message, e);
  }
}

/**
 * Deletes what the previous inventory holds and the new one does not (only objects that still
 * carry this Kustomization's owner labels and do not opt out with
 * `kustomize.toolkit.fluxcd.io/prune: disabled`). Failures are `PruneFailed`.
 */
export async function pruneStale(
  manager: ResourceManager,
  obj: KustomizationObject,
  oldInventory: Inventory | undefined,
  newInventory: Inventory,
): Promise<ChangeSetEntry[]> {
  const stale = inventoryDiff(oldInventory, newInventory);
  if (stale.length === 0) return [];
  try {
    return (await manager.deleteAll(stale)).entries;
  } catch (e: unknown) {
    throw failure(obj, KustomizationReason.PruneFailed, toError(e).message, e);
  }
}
