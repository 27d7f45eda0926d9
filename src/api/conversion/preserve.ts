/**
 * Keeps what the storage version cannot hold in an annotation on the object, as Kubernetes
 * conversion practice does, so that reading the object back in its old version gives what was
 * written (server-side apply and `kubectl diff` compare field by field).
 */
import type { KubeJson } from './types.ts';

/** Annotation holding `{ "version": "<old version>", "data": { ...converter-specific... } }`. */
export const PreservedFieldsAnnotation = 'conversion.tsflux.io/preserved-fields';

/** Data a converter set aside for one old version. */
export type PreservedData = Record<string, unknown>;

/** Stores `data` for `fromVersion` on the object (no-op when there is nothing to keep). */
export function writePreserved(object: KubeJson, fromVersion: string, data: PreservedData): void {
  if (Object.keys(data).length === 0) return;
  object.metadata ??= {};
  object.metadata.annotations = {
    ...object.metadata.annotations,
    [PreservedFieldsAnnotation]: JSON.stringify({ version: fromVersion, data }),
  };
}

/**
 * Removes the annotation and returns its data when it was written for `toVersion` (data kept for
 * another version is dropped: it cannot mean anything there).
 */
export function takePreserved(object: KubeJson, toVersion: string): PreservedData | undefined {
  const raw = object.metadata?.annotations?.[PreservedFieldsAnnotation];
  if (raw === undefined) return undefined;
  const annotations = { ...object.metadata!.annotations };
  delete annotations[PreservedFieldsAnnotation];
  if (Object.keys(annotations).length === 0) delete object.metadata!.annotations;
  else object.metadata!.annotations = annotations;
  try {
    const saved = JSON.parse(raw) as { version?: string; data?: PreservedData };
    return saved.version === toVersion ? (saved.data ?? {}) : undefined;
  } catch {
    return undefined;
  }
}

/** Moves the named fields out of `holder` into a record (absent fields are skipped). */
export function takeFields(holder: Record<string, any> | undefined, names: readonly string[]): PreservedData {
  const taken: PreservedData = {};
  if (!holder) return taken;
  for (const name of names) {
    if (holder[name] === undefined) continue;
    taken[name] = holder[name];
    delete holder[name];
  }
  return taken;
}
