/**
 * Turns the patch lists older Flux versions had (`patchesStrategicMerge`, `patchesJson6902`) into
 * entries of the `patches` list that replaced them; kustomize tells the two kinds apart by content
 * (a YAML list of operations is JSON 6902, a partial object is a strategic merge patch).
 */
import { stringify } from 'yaml';

/** A `patches` entry of the current APIs. */
export interface PatchEntry {
  patch: string;
  target?: Record<string, unknown>;
}

/** Moves `patchesStrategicMerge` and `patchesJson6902` of `holder` into `holder.patches`. */
export function migrateLegacyPatches(holder: Record<string, any>): void {
  const strategic: unknown[] = holder.patchesStrategicMerge ?? [];
  const json6902: Array<{ patch: unknown[]; target?: Record<string, unknown> }> =
    holder.patchesJson6902 ?? [];
  delete holder.patchesStrategicMerge;
  delete holder.patchesJson6902;
  if (strategic.length === 0 && json6902.length === 0) return;
  const patches: PatchEntry[] = [...(holder.patches ?? [])];
  for (const patch of strategic) patches.push({ patch: stringify(patch) });
  for (const entry of json6902) {
    const converted: PatchEntry = { patch: stringify(entry.patch ?? []) };
    if (entry.target) converted.target = entry.target;
    patches.push(converted);
  }
  holder.patches = patches;
}
