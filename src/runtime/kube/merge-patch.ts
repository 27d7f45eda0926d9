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
    return JSON.stringify(before) === JSON.stringify(after) ? undefined : (after ?? null);
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
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : b;
}
