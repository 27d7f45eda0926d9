/**
 * Keeps fields the storage version cannot hold in an annotation on the object, as Kubernetes
 * conversion practice does, so that reading the object back in its old version loses nothing.
 */
import type { KubeJson } from './types.ts';

/** Annotation holding `{ "version": "...", "fields": { "spec.validation": "client" } }`. */
export const PreservedFieldsAnnotation = 'conversion.tsflux.io/preserved-fields';

/** Records dropped fields for `fromVersion` on the object (no-op when nothing was dropped). */
export function preserveFields(object: KubeJson, fromVersion: string, fields: Record<string, unknown>): void {
  if (Object.keys(fields).length === 0) return;
  object.metadata ??= {};
  object.metadata.annotations = {
    ...object.metadata.annotations,
    [PreservedFieldsAnnotation]: JSON.stringify({ version: fromVersion, fields }),
  };
}

/** Puts preserved fields back when converting to the version they came from, and drops the annotation. */
export function restoreFields(object: KubeJson, toVersion: string): void {
  const raw = object.metadata?.annotations?.[PreservedFieldsAnnotation];
  if (raw === undefined) return;
  let saved: { version?: string; fields?: Record<string, unknown> };
  try {
    saved = JSON.parse(raw);
  } catch {
    return;
  }
  if (saved.version !== toVersion) return;
  for (const [path, value] of Object.entries(saved.fields ?? {})) setPath(object, path, value);
  const annotations = { ...object.metadata!.annotations };
  delete annotations[PreservedFieldsAnnotation];
  if (Object.keys(annotations).length === 0) delete object.metadata!.annotations;
  else object.metadata!.annotations = annotations;
}

/** Removes the value at a dotted path and returns it (undefined when absent). */
export function takePath(object: Record<string, any>, path: string): unknown {
  const steps = path.split('.');
  let node: any = object;
  for (const step of steps.slice(0, -1)) {
    node = node?.[step];
    if (node === null || typeof node !== 'object') return undefined;
  }
  const last = steps[steps.length - 1];
  if (!(last in node)) return undefined;
  const value = node[last];
  delete node[last];
  return value;
}

function setPath(object: Record<string, any>, path: string, value: unknown): void {
  const steps = path.split('.');
  let node: any = object;
  for (const step of steps.slice(0, -1)) {
    if (node[step] === null || typeof node[step] !== 'object') node[step] = {};
    node = node[step];
  }
  node[steps[steps.length - 1]] = value;
}

/** Moves the fields at `paths` out of the object into a record of preserved fields. */
export function takeFields(object: KubeJson, paths: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const path of paths) {
    const value = takePath(object, path);
    if (value !== undefined) fields[path] = value;
  }
  return fields;
}
