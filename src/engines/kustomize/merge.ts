import { BUILTIN_SCHEMA, type SchemaTable } from './openapi-schema.ts';
import { groupVersion } from './resource.ts';
import type { KubeObject } from './types.ts';

const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'extensions',
]);

/** Whether kustomize knows this object's schema (strategic merge) or treats it as unstructured. */
export function isBuiltin(obj: KubeObject): boolean {
  return BUILTIN_GROUPS.has(groupVersion(obj.apiVersion).group);
}

const isObj = (v: unknown): v is Record<string, any> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 JSON merge patch: objects merge, null deletes, everything else replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Record<string, any> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

/** A field's facts from the schema table: the type below it, and its patch strategy and key. */
interface FieldFacts {
  type?: number;
  merge: boolean;
  key?: string;
}

function fieldFacts(table: SchemaTable, type: number | undefined, field: string): FieldFacts {
  const entry = type === undefined ? undefined : table.types[type]?.[field];
  if (entry === undefined) return { merge: false };
  const [ref, strategy, key] = entry.split(';');
  return {
    type: ref === '' ? undefined : Number(ref),
    merge: (strategy ?? '').split(',').includes('merge'),
    key: key || undefined,
  };
}

function mergeList(table: SchemaTable, facts: FieldFacts, orig: any[], patch: any[]): any[] {
  if (!facts.merge)
    return patch
      .filter((p) => !(isObj(p) && p.$patch))
      .map((p) => strategicMerge(undefined, p, facts.type, table));
  // merged lists put the patch's items first, in patch order, then the untouched originals
  if (!facts.key) return [...patch, ...orig.filter((v) => !patch.includes(v))];
  const key = facts.key;
  if (patch.some((p) => isObj(p) && p.$patch === 'replace'))
    return patch.filter((p) => p.$patch !== 'replace');
  const rest = [...orig];
  const first: unknown[] = [];
  for (const p of patch) {
    if (!isObj(p)) continue;
    const idx = rest.findIndex((o) => isObj(o) && o[key] === p[key]);
    const existing = idx >= 0 ? rest.splice(idx, 1)[0] : undefined;
    if (p.$patch === 'delete') continue;
    first.push(strategicMerge(existing, p, facts.type, table));
  }
  return [...first, ...rest];
}

/**
 * Strategic merge patch of a built-in object: maps merge, null deletes, `$patch: replace|delete`
 * directives apply, and lists merge item by item where the schema table gives a merge strategy
 * (by merge key, or as a set for lists of scalars); other lists are replaced.
 */
export function strategicMerge(
  target: unknown,
  patch: unknown,
  type?: number,
  table: SchemaTable = BUILTIN_SCHEMA,
): unknown {
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  const out: Record<string, any> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    // kustomize honours only `$patch`; other directive-like keys are kept as plain fields
    if (k === '$patch') continue;
    const facts = fieldFacts(table, type, k);
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(table, facts, Array.isArray(out[k]) ? out[k] : [], v);
    else if (isObj(v)) {
      const merged = strategicMerge(out[k], v, facts.type, table);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

/**
 * Applies a merge-style patch the way kustomize picks: strategic for built-ins and for the kinds
 * of a custom OpenAPI schema (`openapi.path`), JSON merge otherwise.
 */
export function applyMergePatch(obj: KubeObject, patch: KubeObject, custom?: SchemaTable): KubeObject {
  const { group, version } = groupVersion(obj.apiVersion);
  const table = custom ?? BUILTIN_SCHEMA;
  const type = table.kinds[`${group}/${version}/${obj.kind}`];
  const merged =
    type !== undefined || isBuiltin(obj)
      ? strategicMerge(obj, patch, type, table)
      : jsonMergePatch(obj, patch);
  return (merged ?? {}) as KubeObject;
}
