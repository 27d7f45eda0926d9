/**
 * The single `valuesFile` of HelmRelease v2beta1 chart templates and HelmChart v1beta2: it was
 * merged before `valuesFiles`, so it becomes their first entry, and comes back out on the way back.
 */
import { isDeepStrictEqual } from 'node:util';

/** What an old object had, kept to undo the move. */
export interface LegacyValuesFile {
  valuesFile: string;
  valuesFiles: string[] | null;
}

function merged(legacy: LegacyValuesFile): string[] | undefined {
  const rest = legacy.valuesFiles ?? [];
  if (legacy.valuesFile === '') return legacy.valuesFiles ?? undefined;
  return [legacy.valuesFile, ...rest.filter((f) => f !== legacy.valuesFile)];
}

/** Folds `valuesFile` into `valuesFiles`; returns what to preserve (undefined when there was no valuesFile). */
export function migrateValuesFile(chartSpec: Record<string, any> | undefined): LegacyValuesFile | undefined {
  if (!chartSpec || chartSpec.valuesFile === undefined) return undefined;
  const legacy: LegacyValuesFile = {
    valuesFile: chartSpec.valuesFile,
    valuesFiles: chartSpec.valuesFiles ?? null,
  };
  delete chartSpec.valuesFile;
  const files = merged(legacy);
  if (files === undefined) delete chartSpec.valuesFiles;
  else chartSpec.valuesFiles = files;
  return legacy;
}

/** Undoes {@link migrateValuesFile} unless `valuesFiles` was changed since. */
export function restoreValuesFile(
  chartSpec: Record<string, any> | undefined,
  legacy: LegacyValuesFile | undefined,
): void {
  if (!chartSpec || !legacy) return;
  if (!isDeepStrictEqual(chartSpec.valuesFiles, merged(legacy))) return;
  chartSpec.valuesFile = legacy.valuesFile;
  if (legacy.valuesFiles === null) delete chartSpec.valuesFiles;
  else chartSpec.valuesFiles = legacy.valuesFiles;
}
