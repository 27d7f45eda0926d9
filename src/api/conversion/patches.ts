/**
 * Turns the patch lists older Flux versions had (`patchesStrategicMerge`, `patchesJson6902`) into
 * entries of the `patches` list that replaced them, and back. Kustomize tells the two kinds apart
 * by content: a YAML list of operations is JSON 6902, a partial object is a strategic merge patch.
 */
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';

/** A `patches` entry of the current APIs. */
export interface PatchEntry {
  patch: string;
  target?: Record<string, unknown>;
}

/** The legacy lists as an old object had them. */
export interface LegacyPatches {
  patchesStrategicMerge?: unknown[];
  patchesJson6902?: Array<{ patch?: unknown[]; target?: Record<string, unknown> }>;
}

function entriesFor(legacy: LegacyPatches): PatchEntry[] {
  const entries: PatchEntry[] = [];
  for (const patch of legacy.patchesStrategicMerge ?? []) entries.push({ patch: stringify(patch) });
  for (const item of legacy.patchesJson6902 ?? []) {
    const entry: PatchEntry = { patch: stringify(item.patch ?? []) };
    if (item.target) entry.target = item.target;
    entries.push(entry);
  }
  return entries;
}

/**
 * Moves `patchesStrategicMerge` and `patchesJson6902` of `holder` to the end of `holder.patches`
 * and returns the original lists (empty when there were none), to be preserved.
 */
export function migrateLegacyPatches(holder: Record<string, any>): LegacyPatches {
  const legacy: LegacyPatches = {};
  if (holder.patchesStrategicMerge !== undefined) legacy.patchesStrategicMerge = holder.patchesStrategicMerge;
  if (holder.patchesJson6902 !== undefined) legacy.patchesJson6902 = holder.patchesJson6902;
  delete holder.patchesStrategicMerge;
  delete holder.patchesJson6902;
  const entries = entriesFor(legacy);
  if (entries.length > 0) holder.patches = [...(holder.patches ?? []), ...entries];
  return legacy;
}

/**
 * Undoes {@link migrateLegacyPatches} when `holder.patches` still ends with the entries made from
 * `legacy`; when the patches were changed since, they win and the old lists are not restored.
 */
export function restoreLegacyPatches(holder: Record<string, any>, legacy: LegacyPatches | undefined): void {
  if (!legacy || Object.keys(legacy).length === 0) return;
  const entries = entriesFor(legacy);
  const patches: unknown[] = holder.patches ?? [];
  const tail = patches.slice(patches.length - entries.length);
  if (entries.length > patches.length || !isDeepStrictEqual(tail, entries)) return;
  const rest = patches.slice(0, patches.length - entries.length);
  if (rest.length > 0) holder.patches = rest;
  else delete holder.patches;
  Object.assign(holder, legacy);
}
