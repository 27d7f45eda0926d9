import { isDeepStrictEqual } from 'node:util';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The JSON merge patch (RFC 7386) that turns `before` into `after`: changed scalars and arrays
 * are replaced whole, objects are diffed key by key, removed keys become `null`. Returns
 * `undefined` when nothing changed, so callers can skip the request.
 */
export function mergePatchDiff(before: unknown, after: unknown): unknown {
  if (!isObject(before) || !isObject(after)) {
    return sameJson(before, after) ? undefined : (after ?? null);
  }
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(before)) if (!(k in after) || after[k] === undefined) patch[k] = null;
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    if (!(k in before) || before[k] === undefined) {
      patch[k] = v as Json;
      continue;
    }
    const d = isObject(before[k]) && isObject(v) ? mergePatchDiff(before[k], v) : diffLeaf(before[k], v);
    if (d !== undefined) patch[k] = d;
  }
  return Object.keys(patch).length ? patch : undefined;
}

function diffLeaf(a: unknown, b: unknown): unknown {
  return sameJson(a, b) ? undefined : b;
}

// equal as JSON values: the API server returns object keys in its own order (conditions come back
// sorted), so comparing serializations would see a change in every condition we rebuilt and send
// a patch that changes nothing
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}
