/**
 * Local additions to the gotemplate value model that sprig needs: a nil slice (Go returns typed
 * nil slices, which print as `[]` but encode to JSON as `null`), and list access with sprig's
 * error texts for non-lists.
 */
import { GoInt, goKind } from '../gotemplate/index.ts';

const NIL_SLICE: unique symbol = Symbol.for('tsflux.sprig.nilSlice');

/** A nil `[]interface {}`: an empty array marked as nil. */
export function nilSlice(): unknown[] {
  const a: unknown[] = [];
  Object.defineProperty(a, NIL_SLICE, { value: true, enumerable: false });
  return a;
}

/** Tells whether an array is a nil slice made by {@link nilSlice}. */
export function isNilSlice(v: unknown): boolean {
  return Array.isArray(v) && (v as any)[NIL_SLICE] === true;
}

/** Go's panic text for a method call on a nil reflect.Type (sprig's reflect.TypeOf(nil).Kind()). */
export const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';

/**
 * The elements of a Go slice or array value, or undefined when `v` is no list. []byte elements
 * become uint8 values. nil throws Go's nil-dereference panic, as sprig's reflect.TypeOf(nil).Kind().
 */
export function listItems(v: unknown): unknown[] | undefined {
  if (v === null || v === undefined) throw new Error(NIL_DEREFERENCE);
  if (Array.isArray(v)) return [...v];
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoInt('uint8', BigInt(b)));
  return undefined;
}

/** Like {@link listItems}, but a non-list throws `<prefix> <kind>` (sprig's `Cannot ... on type`). */
export function requireList(v: unknown, prefix: string): unknown[] {
  const items = listItems(v);
  if (!items) throw new Error(`${prefix} ${goKind(v)}`);
  return items;
}
