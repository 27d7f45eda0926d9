import type { KubeObject } from '../kube/index.ts';
import { type ChangeSetEntry, changeSetEntry } from './change-set.ts';

/** One inventory entry as Flux stores it in `status.inventory.entries[]`. */
export interface InventoryEntry {
  /** `<namespace>_<name>_<group>_<kind>` */
  id: string;
  /** The API version the object was applied with. */
  v: string;
}

/** Flux's inventory: the objects a Kustomization (or HelmRelease) applied. */
export interface Inventory {
  entries: InventoryEntry[];
}

/** An object reference decoded from an inventory entry. */
export interface InventoryObject {
  namespace: string;
  name: string;
  group: string;
  kind: string;
  version: string;
}

const RbacGroup = 'rbac.authorization.k8s.io';
// RBAC names may hold ':' (system:controller:x); the id escapes it so `_` parsing stays sound
const ColonEscape = '__';

/** The inventory id of an object: `<namespace>_<name>_<group>_<kind>`. */
export function inventoryId(o: { namespace: string; name: string; group: string; kind: string }): string {
  const name = o.group === RbacGroup ? o.name.replaceAll(':', ColonEscape) : o.name;
  return `${o.namespace}_${name}_${o.group}_${o.kind}`;
}

/** Decodes an inventory entry; throws on an id that is not of the four-field form. */
export function parseInventoryEntry(entry: InventoryEntry): InventoryObject {
  const parts = entry.id.split('_');
  if (parts.length < 4) throw new Error(`unable to parse stored object metadata: ${entry.id}`);
  // namespace, group and kind never hold '_'; the name may hold the escaped ':' and nothing else
  const namespace = parts[0] ?? '';
  const kind = parts[parts.length - 1] ?? '';
  const group = parts[parts.length - 2] ?? '';
  const name = parts.slice(1, -2).join('_').replaceAll(ColonEscape, ':');
  if (name.includes('_')) throw new Error(`too many fields within: ${entry.id}`);
  return { namespace, name, group, kind, version: entry.v };
}

/** Builds an inventory from the entries of a change set (skipped objects included, as Flux does). */
export function inventoryFromChangeSet(entries: ChangeSetEntry[]): Inventory {
  return { entries: entries.map((e) => ({ id: inventoryId(e), v: e.version })) };
}

/** Builds an inventory from objects. */
export function inventoryFromObjects(objects: KubeObject[]): Inventory {
  return inventoryFromChangeSet(objects.map((o) => changeSetEntry(o, 'unknown')));
}

/** The objects of an inventory, as minimal objects to get or delete (apiVersion, kind, name, namespace). */
export function inventoryObjects(inventory: Inventory | undefined): KubeObject[] {
  return (inventory?.entries ?? []).map((e) => {
    const o = parseInventoryEntry(e);
    return {
      apiVersion: o.group ? `${o.group}/${o.version}` : o.version,
      kind: o.kind,
      metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) },
    };
  });
}

/**
 * The objects in `oldInventory` that are not in `newInventory`: what to prune. Entries are
 * compared by id only, so a version change of the same object is not a deletion.
 */
export function inventoryDiff(
  oldInventory: Inventory | undefined,
  newInventory: Inventory | undefined,
): KubeObject[] {
  const keep = new Set((newInventory?.entries ?? []).map((e) => e.id));
  return inventoryObjects({ entries: (oldInventory?.entries ?? []).filter((e) => !keep.has(e.id)) });
}
