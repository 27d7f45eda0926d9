/**
 * Sprig's dictionary functions over `map[string]interface {}` (plain objects). set, unset and the
 * merges modify their first argument and return it, as in Go; keys and values follow the map's
 * insertion order (Go's order is random, so templates sort them).
 */
import { goTypeName, isMap, mapElemType, sliceElemType, typedMap, typedSlice } from '../gotemplate/index.ts';
import { strval } from './cast.ts';
import { mergeInto } from './merge.ts';
import { ANY, DICT, type FuncMap, goFunc } from './signature.ts';
import { isNilSlice, nilSlice } from './values.ts';

type Dict = Record<string, unknown> | null;

/** Go's panic for a failed type assertion `x.(T)` on an interface value. */
function assertionError(v: unknown, want: string): Error {
  const got = v === null || v === undefined ? 'nil' : goTypeName(v);
  return new Error(`interface conversion: interface {} is ${got}, not ${want}`);
}

/** A `map[string]interface {}` exactly (a typed map fails Go's type assertion). */
const isDict = (v: unknown): v is Record<string, unknown> => isMap(v) && goTypeName(v) === DICT;

function dict(...pairs: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < pairs.length; i += 2) {
    out[strval(pairs[i])] = i + 1 < pairs.length ? pairs[i + 1] : '';
  }
  return out;
}

function dig(...args: unknown[]): unknown {
  if (args.length < 3) throw new Error('dig needs at least three arguments');
  let current = args[args.length - 1];
  const fallback = args[args.length - 2];
  if (!isDict(current)) throw assertionError(current, DICT);
  const keys = args.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw assertionError(k, 'string');
    return k;
  });
  for (let i = 0; i < keys.length; i++) {
    const m = current as Record<string, unknown>;
    if (!Object.hasOwn(m, keys[i])) return fallback;
    current = m[keys[i]];
    if (i < keys.length - 1 && !isDict(current)) throw assertionError(current, DICT);
  }
  return current;
}

function merge(overwrite: boolean) {
  return (dst: Dict, ...srcs: Dict[]) => {
    const target = dst ?? {};
    for (const src of srcs) if (src) mergeInto(target, src, overwrite);
    return target;
  };
}

/** copystructure.Copy: a deep copy keeping Go types (typed slices and maps, nil slices). */
export function deepCopy(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v ?? null;
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (Array.isArray(v)) {
    if (isNilSlice(v)) return nilSlice();
    const items = v.map(deepCopy);
    return sliceElemType(v) === ANY ? items : typedSlice(sliceElemType(v), items);
  }
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return mapElemType(v) === ANY ? out : typedMap(mapElemType(v), out);
  }
  return v;
}

/** deepCopy of nil panics inside copystructure; sprig passes the panic on. */
function copyValue(v: unknown): unknown {
  if (v === null || v === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  return deepCopy(v);
}

/** The dictionary family of the sprig FuncMap. */
export function dictFuncs(): FuncMap {
  const pick = (d: Dict, ...keys: string[]) => {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (d && Object.hasOwn(d, k)) out[k] = d[k];
    return out;
  };
  const omit = (d: Dict, ...keys: string[]) => {
    const drop = new Set(keys);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(d ?? {})) if (!drop.has(k)) out[k] = x;
    return out;
  };
  return {
    dict: goFunc([`...${ANY}`], dict),
    get: goFunc([DICT, 'string'], (d: Dict, key: string) => (d && Object.hasOwn(d, key) ? d[key] : '')),
    set: goFunc([DICT, 'string', ANY], (d: Dict, key: string, value: unknown) => {
      if (!d) throw new Error('assignment to entry in nil map');
      d[key] = value;
      return d;
    }),
    unset: goFunc([DICT, 'string'], (d: Dict, key: string) => {
      if (d) delete d[key];
      return d;
    }),
    hasKey: goFunc([DICT, 'string'], (d: Dict, key: string) => d !== null && Object.hasOwn(d, key)),
    pluck: goFunc(['string', `...${DICT}`], (key: string, ...ds: Dict[]) =>
      ds.filter((d) => d && Object.hasOwn(d, key)).map((d) => d![key]),
    ),
    keys: goFunc([`...${DICT}`], (...ds: Dict[]) =>
      typedSlice(
        'string',
        ds.flatMap((d) => Object.keys(d ?? {})),
      ),
    ),
    values: goFunc([DICT], (d: Dict) => Object.values(d ?? {})),
    pick: goFunc([DICT, '...string'], pick),
    omit: goFunc([DICT, '...string'], omit),
    merge: goFunc([DICT, `...${DICT}`], merge(false)),
    mustMerge: goFunc([DICT, `...${DICT}`], merge(false)),
    mergeOverwrite: goFunc([DICT, `...${DICT}`], merge(true)),
    mustMergeOverwrite: goFunc([DICT, `...${DICT}`], merge(true)),
    deepCopy: goFunc([ANY], copyValue),
    mustDeepCopy: goFunc([ANY], copyValue),
    dig: goFunc([`...${ANY}`], dig),
  };
}
