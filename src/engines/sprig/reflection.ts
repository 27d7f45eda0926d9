/**
 * Sprig's reflection functions (typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual) over the
 * gotemplate value model, and {@link deepEqual} with reflect.DeepEqual's rules: values of different
 * Go types are never equal (int 1 is not float64 1), and a nil slice differs from an empty one.
 */
import {
  GoFloat32,
  GoInt,
  goKind,
  goTypeName,
  isMap,
  mapElemType,
  sliceElemType,
} from '../gotemplate/index.ts';
import { ANY, type FuncMap, goFunc } from './signature.ts';
import { isNilSlice } from './values.ts';

/** reflect.DeepEqual over template values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (goTypeName(a) !== goTypeName(b)) return false;
  if (typeof a !== 'object') return a === b;
  if (a instanceof GoInt) return a.value === (b as GoInt).value;
  if (a instanceof GoFloat32) return a.value === (b as GoFloat32).value;
  if (a instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b as Uint8Array));
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (isNilSlice(a) !== isNilSlice(y) || a.length !== y.length) return false;
    if (sliceElemType(a) !== sliceElemType(y)) return false;
    return a.every((x, i) => deepEqual(x, y[i]));
  }
  if (isMap(a)) {
    const y = b as Record<string, unknown>;
    const keys = Object.keys(a);
    if (mapElemType(a) !== mapElemType(y) || keys.length !== Object.keys(y).length) return false;
    return keys.every((k) => Object.hasOwn(y, k) && deepEqual(a[k], y[k]));
  }
  if (a === b) return true;
  const keys = Object.keys(a).filter((k) => typeof (a as any)[k] !== 'function');
  return keys.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}

/** Go's `%T`, with sprig's typed results named as Go names them. */
export function typeOf(v: unknown): string {
  return goTypeName(v);
}

/** reflect.Value.Kind().String(): `invalid` for nil. */
export function kindOf(v: unknown): string {
  return goKind(v);
}

/** The reflection family of the sprig FuncMap. */
export function reflectionFuncs(): FuncMap {
  return {
    typeOf: goFunc([ANY], typeOf),
    typeIs: goFunc(['string', ANY], (target: string, v: unknown) => target === typeOf(v)),
    typeIsLike: goFunc(['string', ANY], (target: string, v: unknown) => {
      const t = typeOf(v);
      return t === target || t === `*${target}`;
    }),
    kindOf: goFunc([ANY], kindOf),
    kindIs: goFunc(['string', ANY], (target: string, v: unknown) => target === kindOf(v)),
    deepEqual: goFunc([ANY, ANY], deepEqual),
  };
}
