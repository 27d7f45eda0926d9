/**
 * Deep merging of dictionaries with the rules of dario.cat/mergo v1.0.1, which sprig's merge and
 * mergeOverwrite use. The quirks are kept on purpose, because charts depend on them: without
 * overwrite, a destination value that is "empty" (0, false, "", empty list or map, nil) is
 * replaced; nested maps merge in place; lists are never merged element-wise.
 */
import { GoFloat32, GoInt, isMap } from '../gotemplate/index.ts';
import { isEmpty } from './cast.ts';

const isList = (v: unknown) => Array.isArray(v) || v instanceof Uint8Array;
/** Kinds mergo recurses into: maps, and structs or pointers (class instances). */
const isComposite = (v: unknown) =>
  v !== null && typeof v === 'object' && !isList(v) && !(v instanceof GoInt) && !(v instanceof GoFloat32);

/** Merges `src` into `dst` in place, as mergo.Merge (overwrite false) or MergeWithOverwrite. */
export function mergeInto(
  dst: Record<string, unknown>,
  src: Record<string, unknown>,
  overwrite: boolean,
): void {
  for (const key of Object.keys(src)) {
    const s = src[key];
    const present = Object.hasOwn(dst, key);
    const d = present ? dst[key] : undefined;
    if (s === null || s === undefined) {
      if (overwrite) dst[key] = null;
      continue;
    }
    if (isComposite(s)) {
      if (present && isMap(d) && isMap(s)) mergeInto(d, s, overwrite);
    } else if (isList(s)) {
      // mergo tests the emptiness of the whole destination map here, not of the element
      const replace = overwrite || Object.keys(dst).length === 0;
      dst[key] = replace ? s : present && d !== null ? d : [];
    }
    if (present && !isEmpty(d)) {
      if (isList(s)) continue;
      if (isMap(s) && isMap(d)) continue;
    }
    if (overwrite || !present || isEmpty(d)) dst[key] = s;
  }
}
