import type { Chart } from './chart.ts';

/** A values tree: map[string]interface{} in Helm, a plain object here. */
export type Values = Record<string, unknown>;

/** Helm's key for values shared with every subchart. */
export const GLOBAL_KEY = 'global';

/** Tells whether a value is a table (a plain object), as Helm's istable does. */
export function isTable(v: unknown): v is Values {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** A deep copy of maps and slices; scalars and other objects are shared. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isTable(v)) {
    const out: Values = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out as T;
  }
  return v;
}

/** Collects the warnings Helm logs while coalescing (not errors: rendering goes on). */
export type WarnFn = (message: string) => void;

function joinPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/**
 * Coalesces user values with a chart's defaults and its subcharts' defaults, as Helm's
 * CoalesceValues does: user values win, maps merge, scalars and lists replace, a user `null`
 * deletes a default, `global` flows from parents down into every subchart.
 */
export function coalesceValues(chart: Chart, userValues: Values, warn: WarnFn = () => {}): Values {
  return coalesce(chart, deepCopy(userValues ?? {}), '', false, warn);
}

/** Like {@link coalesceValues} but keeps nulls (Helm's MergeValues, used before a later coalesce). */
export function mergeChartValues(chart: Chart, userValues: Values, warn: WarnFn = () => {}): Values {
  return coalesce(chart, deepCopy(userValues ?? {}), '', true, warn);
}

function coalesce(chart: Chart, dest: Values, prefix: string, merge: boolean, warn: WarnFn): Values {
  coalesceChartDefaults(chart, dest, prefix, merge, warn);
  return coalesceDependencies(chart, dest, prefix, merge, warn);
}

function coalesceDependencies(
  chart: Chart,
  dest: Values,
  prefix: string,
  merge: boolean,
  warn: WarnFn,
): Values {
  for (const sub of chart.dependencies) {
    const name = sub.metadata.name;
    const current = dest[name];
    if (!(name in dest)) dest[name] = {};
    else if (!isTable(current)) throw new Error(`type mismatch on ${name}: %!t(${goish(current)})`);
    const subValues = dest[name] as Values;
    const subPrefix = joinPrefix(prefix, chart.metadata.name);
    coalesceGlobals(subValues, dest, subPrefix, warn);
    dest[name] = coalesce(sub, subValues, subPrefix, merge, warn);
  }
  return dest;
}

function goish(v: unknown): string {
  return typeof v === 'string' ? `string=${v}` : String(v);
}

function coalesceGlobals(dest: Values, src: Values, prefix: string, warn: WarnFn): void {
  let dg: Values;
  let sg: Values;
  if (!(GLOBAL_KEY in dest)) dg = {};
  else if (isTable(dest[GLOBAL_KEY])) dg = dest[GLOBAL_KEY] as Values;
  else {
    warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  if (!(GLOBAL_KEY in src)) sg = {};
  else if (isTable(src[GLOBAL_KEY])) sg = src[GLOBAL_KEY] as Values;
  else {
    warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const [key, val] of Object.entries(sg)) {
    if (isTable(val)) {
      const copy: Values = { ...val };
      if (!(key in dg)) dg[key] = copy;
      else if (!isTable(dg[key])) warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
      else {
        // parents win over the subchart's own globals, so the copy of the parent's table is the
        // authoritative side and the subchart's table fills in
        coalesceTables(copy, dg[key] as Values, joinPrefix(prefix, key), true, warn);
        dg[key] = copy;
      }
    } else if (key in dg && isTable(dg[key])) {
      warn(`key ${key} is table. Skipping`);
    } else {
      dg[key] = val;
    }
  }
  dest[GLOBAL_KEY] = dg;
}

function coalesceChartDefaults(chart: Chart, v: Values, prefix: string, merge: boolean, warn: WarnFn): void {
  const subPrefix = joinPrefix(prefix, chart.metadata.name);
  const defaults = deepCopy(chart.values ?? {});
  for (const [key, val] of Object.entries(defaults)) {
    if (key in v) {
      const value = v[key];
      if (value === null && !merge) {
        delete v[key];
      } else if (isTable(value)) {
        if (!isTable(val)) {
          if (val !== null && val !== undefined)
            warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = chart.dependencies.some((d) => d.metadata.name === key) ? true : merge;
          if (!childMerge && prefix !== '') cleanNils(val);
          coalesceTables(value, val, joinPrefix(subPrefix, key), childMerge, warn);
        }
      }
    } else {
      if (!merge && prefix !== '') {
        if (val === null) continue;
        if (isTable(val)) cleanNils(val);
      }
      v[key] = val;
    }
  }
}

/**
 * Merges `src` into `dst` with `dst` authoritative (Helm's CoalesceTables / MergeTables). When not
 * merging, a null in `dst` over a non-null default deletes the key.
 */
export function coalesceTables(
  dst: Values,
  src: Values,
  prefix: string,
  merge: boolean,
  warn: WarnFn,
): Values {
  if (src === null || src === undefined) return dst;
  if (dst === null || dst === undefined) return src;
  const srcNonNil = new Set(Object.keys(src).filter((k) => src[k] !== null));
  for (const [key, val] of Object.entries(dst)) if (val === null) src[key] = null;
  for (const [key, val] of Object.entries(src)) {
    const fullKey = joinPrefix(prefix, key);
    const has = key in dst;
    const dv = dst[key];
    if (has && !merge && dv === null && srcNonNil.has(key)) delete dst[key];
    else if (!has) dst[key] = val;
    else if (isTable(val)) {
      if (isTable(dv)) coalesceTables(dv, val, fullKey, merge, warn);
      else warn(`warning: cannot overwrite table with non table for ${fullKey} (${String(val)})`);
    } else if (isTable(dv) && val !== null) {
      warn(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${String(val)})`);
    }
  }
  return dst;
}

function cleanNils(m: Values): void {
  for (const [k, v] of Object.entries(m)) {
    if (v === null) delete m[k];
    else if (isTable(v)) cleanNils(v);
  }
}

/**
 * Merges values files the way `helm template -f a -f b` does before coalescing: maps merge
 * recursively, anything else from the later file replaces; nulls are kept (they delete later).
 */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (isTable(v) && isTable(out[k])) out[k] = mergeMaps(out[k] as Values, v);
    else out[k] = v;
  }
  return out;
}
