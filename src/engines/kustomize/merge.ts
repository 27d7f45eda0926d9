import { groupVersion } from './resource.ts';
import type { KubeObject } from './types.ts';

/**
 * Merge keys of the list fields of built-in types, by field name. A field listed here merges its
 * items by that key (strategic merge); any other list of a built-in type is replaced whole.
 * Custom resources never use this table: they merge as JSON merge patches, as kustomize does.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
};

/** Lists of scalars that merge as sets rather than being replaced. */
const MERGE_SETS = new Set(['finalizers']);

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

function containerPortKey(items: any[]): string | undefined {
  return items.some((i) => isObj(i) && 'containerPort' in i) ? 'containerPort' : undefined;
}

function mergeKeyFor(field: string, items: any[], parentIsPodSpec: boolean): string | undefined {
  if (field === 'ports') return containerPortKey(items) ?? (parentIsPodSpec ? undefined : 'port');
  return MERGE_KEYS[field];
}

function mergeList(field: string, orig: any[], patch: any[]): any[] {
  if (MERGE_SETS.has(field)) {
    const out = [...orig];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  const key = mergeKeyFor(field, [...orig, ...patch], false);
  if (!key || !patch.every(isObj)) return patch.filter((p) => !(isObj(p) && p.$patch));
  if (patch.some((p) => p.$patch === 'replace')) return patch.filter((p) => p.$patch !== 'replace');
  // items new to the list go first, in patch order, as kustomize's merge places them
  const out = [...orig];
  const added: unknown[] = [];
  for (const p of patch) {
    const idx = out.findIndex((o) => isObj(o) && o[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], p);
    else added.push(strategicMerge(undefined, p));
  }
  return [...added, ...out];
}

/**
 * Strategic merge patch of a built-in object: maps merge, null deletes, `$patch: replace|delete`
 * directives apply, and lists with a known merge key merge item by item.
 */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  const out: Record<string, any> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder') || k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f]) && Array.isArray(v)) out[f] = out[f].filter((x: unknown) => !v.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k])) out[k] = mergeList(k, out[k], v);
    else if (Array.isArray(v)) out[k] = mergeList(k, [], v);
    else if (isObj(v)) {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

/** Applies a merge-style patch the way kustomize picks: strategic for built-ins, JSON merge otherwise. */
export function applyMergePatch(obj: KubeObject, patch: KubeObject): KubeObject {
  const merged = isBuiltin(obj) ? strategicMerge(obj, patch) : jsonMergePatch(obj, patch);
  return (merged ?? {}) as KubeObject;
}
