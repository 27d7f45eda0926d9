/**
 * The Go value model: how the Go values a template sees are represented in JavaScript.
 *
 * - string, bool, float64: JS string, boolean, number.
 * - `int`: a JS bigint. The other integer kinds (int8..int64, uint..uint64, uintptr): a {@link GoInt}.
 * - nil (a nil interface, pointer, map or slice): `null`. The invalid reflect.Value (a missing map
 *   key, printed `<no value>`): `undefined`.
 * - map[string]interface{}: a plain object (Object.prototype or null prototype). Other map types
 *   with string keys carry a tag set by {@link typedMap}. A map with struct keys (image
 *   automation's `map[update.ObjectIdentifier][]update.Change`) is a {@link KeyedMap}.
 * - []interface{}: a JS array; typed slices carry a tag set by {@link typedSlice}. []byte: Uint8Array.
 * - structs and values with methods: class instances. The Go type name is the `[GO_TYPE]` property
 *   (usually a prototype getter); exported (capitalised) properties that are functions are methods,
 *   the other capitalised properties are fields. A named slice type with methods (Helm's
 *   VersionSet and its `Has`) is an Array subclass: it ranges and prints as a slice, and its
 *   capitalised methods are callable; it too may declare `[GO_TYPE]`.
 * - functions: JS functions over Go values; an error return is a thrown Error. {@link defineFunc}
 *   declares parameter types so Go's argument checks and their messages apply.
 */

/** Symbol under which a class instance declares its Go type name as %T prints it (e.g. `time.Time`). */
export const GO_TYPE: unique symbol = Symbol.for('tsflux.gotemplate.type');
const SLICE_ELEM: unique symbol = Symbol.for('tsflux.gotemplate.sliceElem');
const MAP_ELEM: unique symbol = Symbol.for('tsflux.gotemplate.mapElem');
const FUNC_SIG: unique symbol = Symbol.for('tsflux.gotemplate.funcSig');

/** The Go integer kinds. `int` itself is represented as a bigint, the others as {@link GoInt}. */
export type IntKind =
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'uintptr';

const INT_BITS: Record<IntKind, number> = {
  int: 64,
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  uint: 64,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  uint64: 64,
  uintptr: 64,
};

/**
 * An integer of a sized or unsigned Go kind (int64, uint8, ...). Plain `int` is a bigint instead,
 * because it is by far the most common integer and bigint arithmetic on it needs no unwrapping.
 */
export class GoInt {
  readonly kind: IntKind;
  readonly value: bigint;
  constructor(kind: IntKind, value: bigint) {
    this.kind = kind;
    this.value = wrapInt(kind, value);
  }
}

/** Tells whether an integer kind is unsigned. */
export function isUnsignedKind(kind: IntKind): boolean {
  return kind.startsWith('u');
}

/** Truncates `value` to the width of `kind`, as a Go conversion does. */
export function wrapInt(kind: IntKind, value: bigint): bigint {
  const bits = INT_BITS[kind];
  return isUnsignedKind(kind) ? BigInt.asUintN(bits, value) : BigInt.asIntN(bits, value);
}

/** Makes a Go integer of the given kind (default `int`, a bigint). Numbers are truncated toward zero. */
export function goInt(n: number | bigint, kind: IntKind = 'int'): bigint | GoInt {
  const b = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
  return kind === 'int' ? wrapInt('int', b) : new GoInt(kind, b);
}

/** Tells whether `v` is a Go integer of any kind. */
export function isInt(v: unknown): v is bigint | GoInt {
  return typeof v === 'bigint' || v instanceof GoInt;
}

/** The integer kind of `v`, or undefined when it is no integer. */
export function intKind(v: unknown): IntKind | undefined {
  if (typeof v === 'bigint') return 'int';
  if (v instanceof GoInt) return v.kind;
  return undefined;
}

/** The value of a Go integer as a bigint (throws for non-integers). */
export function toBigInt(v: bigint | GoInt): bigint {
  return typeof v === 'bigint' ? v : v.value;
}

/** A float32 value (rare in templates; kept distinct so %T and fmt print it as Go does). */
export class GoFloat32 {
  readonly value: number;
  constructor(value: number) {
    this.value = Math.fround(value);
  }
}

/** A complex128 value (only template constants like `1i` produce one). */
export class GoComplex {
  readonly re: number;
  readonly im: number;
  constructor(re: number, im: number) {
    this.re = re;
    this.im = im;
  }
}

/** Tags an array as a typed Go slice, e.g. `typedSlice('string', ['a'])` prints %T as `[]string`. */
export function typedSlice<T>(elemType: string, items: T[]): T[] {
  Object.defineProperty(items, SLICE_ELEM, { value: elemType, enumerable: false, configurable: true });
  return items;
}

/** The element type of a slice: `interface {}` unless tagged by {@link typedSlice}. */
export function sliceElemType(items: unknown[]): string {
  return (items as any)[SLICE_ELEM] ?? 'interface {}';
}

/** Tags a plain object as a Go map with string keys and the given element type (e.g. `string`). */
export function typedMap<T extends object>(elemType: string, obj: T): T {
  Object.defineProperty(obj, MAP_ELEM, { value: elemType, enumerable: false, configurable: true });
  return obj;
}

/** The element type of a map: `interface {}` unless tagged by {@link typedMap}. */
export function mapElemType(obj: object): string {
  return (obj as any)[MAP_ELEM] ?? 'interface {}';
}

/** Tells whether `v` is a Go map: a plain object (Object.prototype or null prototype). */
export function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * A Go map whose keys are structs, e.g. `map[update.ObjectIdentifier][]update.Change`. JS objects
 * key only by string, so the entries are kept as pairs and a key is found by Go's struct equality
 * (field by field). Everything that walks a map (range, fmt, index, len) goes through
 * {@link mapEntries} and {@link mapLookup}, which treat this and a plain-object map alike.
 */
export class KeyedMap {
  readonly keyType: string;
  readonly elemType: string;
  readonly entries: ReadonlyArray<readonly [unknown, unknown]>;
  constructor(keyType: string, elemType: string, entries: Iterable<readonly [unknown, unknown]>) {
    this.keyType = keyType;
    this.elemType = elemType;
    // one entry per distinct key, the later value winning, as assigning m[k] twice does
    const out: [unknown, unknown][] = [];
    for (const [k, e] of entries) {
      const at = out.findIndex(([have]) => goEqual(have, k));
      if (at >= 0) out[at][1] = e;
      else out.push([k, e]);
    }
    this.entries = out;
  }
}

/** Tells whether `v` is any Go map: a plain-object map or a {@link KeyedMap}. */
export function isAnyMap(v: unknown): v is Record<string, unknown> | KeyedMap {
  return isMap(v) || v instanceof KeyedMap;
}

/** The entries of a map in Go's order (text/template and fmt sort keys with internal/fmtsort). */
export function mapEntries(m: Record<string, unknown> | KeyedMap): [unknown, unknown][] {
  if (m instanceof KeyedMap)
    return [...m.entries]
      .map(([k, e]) => [k, e] as [unknown, unknown])
      .sort((a, b) => compareGoValues(a[0], b[0]));
  return sortedKeys(m).map((k) => [k, m[k]]);
}

/** The value under `key` in a struct-keyed map, or undefined when there is none. */
export function mapLookup(m: KeyedMap, key: unknown): unknown {
  return m.entries.find(([k]) => goEqual(k, key))?.[1];
}

/** The exported, non-method fields of a struct, in declaration order (as fmt and fmtsort walk them). */
export function structFields(v: object): string[] {
  return Object.keys(v).filter((k) => isExportedName(k) && typeof (v as any)[k] !== 'function');
}

/**
 * internal/fmtsort's order for the comparable values a map key can hold: numbers by value, strings
 * bytewise, false before true, structs field by field.
 */
export function compareGoValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return compareGoStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (isInt(a) && isInt(b)) {
    const x = toBigInt(a);
    const y = toBigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isStruct(a) && isStruct(b)) {
    for (const f of structFields(a)) {
      const c = compareGoValues((a as any)[f], (b as any)[f]);
      if (c !== 0) return c;
    }
  }
  return 0;
}

/** Go's `==` for comparable values (what makes two struct map keys the same key). */
function goEqual(a: unknown, b: unknown): boolean {
  if (isStruct(a) && isStruct(b)) {
    if (goTypeName(a) !== goTypeName(b)) return false;
    return structFields(a).every((f) => goEqual((a as any)[f], (b as any)[f]));
  }
  if (isInt(a) && isInt(b)) return intKind(a) === intKind(b) && toBigInt(a) === toBigInt(b);
  return a === b;
}

/** Tells whether `v` is a struct-like class instance (anything object-shaped that is no map, slice or int). */
export function isStruct(v: unknown): v is object {
  return (
    v !== null &&
    typeof v === 'object' &&
    !isAnyMap(v) &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof GoInt) &&
    !(v instanceof GoFloat32) &&
    !(v instanceof GoComplex)
  );
}

/** The sorted keys of a map, in the order Go's range and fmt use. */
export function sortedKeys(m: object): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

const ASTRAL_OR_HIGH = /[\ud800-\udfff]/;

/**
 * Go's string order (bytewise UTF-8, i.e. code point order). JS's `<` compares UTF-16 code units,
 * which differs only when a surrogate pair meets a character in U+E000..U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  if (!ASTRAL_OR_HIGH.test(a) && !ASTRAL_OR_HIGH.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length - y.length;
}

/** A Go type name for a Go function parameter: `interface {}`, `string`, `int`, `float64`, ... */
export type GoTypeName = string;

/** The declared Go signature of a template function (see {@link defineFunc}). */
export interface FuncSignature {
  /** Types of the fixed parameters. */
  params: GoTypeName[];
  /** Element type of a final variadic parameter (`...T`), if any. */
  variadic?: GoTypeName;
}

/**
 * Declares the Go signature of a function (a FuncMap entry or a struct method), so the executor
 * converts arguments as Go's reflection would (an untyped number literal becomes an int or float
 * parameter; a value of the wrong type fails with `wrong type for value; expected int; got float64`)
 * and checks the argument count. Functions without a declaration take any arguments unchanged.
 */
export function defineFunc<F extends (...args: any[]) => unknown>(fn: F, sig: FuncSignature): F {
  Object.defineProperty(fn, FUNC_SIG, { value: sig, enumerable: false, configurable: true });
  return fn;
}

/** The declared signature of a function, if any. */
export function funcSignature(fn: unknown): FuncSignature | undefined {
  return typeof fn === 'function' ? (fn as any)[FUNC_SIG] : undefined;
}

/** The Go type name declared by a struct-like instance, or its JS class name. */
function structTypeName(v: object): string {
  const t = (v as any)[GO_TYPE];
  if (typeof t === 'string') return t;
  return v.constructor?.name ?? 'struct {}';
}

/** Go's `%T` of a value: `int`, `float64`, `string`, `map[string]interface {}`, `[]interface {}`... */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'function') return 'func(...interface {}) interface {}';
  const scalar = scalarKind(v);
  if (scalar !== undefined) return scalar;
  // a named type (e.g. an Array subclass standing for chartutil.VersionSet) declares its name
  const named = (v as any)[GO_TYPE];
  if (typeof named === 'string') return named;
  if (v instanceof Uint8Array) return '[]uint8';
  if (Array.isArray(v)) return `[]${sliceElemType(v)}`;
  if (isMap(v)) return `map[string]${mapElemType(v)}`;
  if (v instanceof KeyedMap) return `map[${v.keyType}]${v.elemType}`;
  return structTypeName(v as object);
}

/** The reflect.Kind names this engine distinguishes. */
export type GoKind =
  | 'invalid'
  | 'bool'
  | IntKind
  | 'float32'
  | 'float64'
  | 'complex128'
  | 'string'
  | 'slice'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'func'
  | 'interface';

/** The kind of a number, string or boolean, which is also its Go type name; undefined for others. */
function scalarKind(v: unknown): GoKind | undefined {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
  }
  if (v instanceof GoInt) return v.kind;
  if (v instanceof GoFloat32) return 'float32';
  if (v instanceof GoComplex) return 'complex128';
  return undefined;
}

/** Go's reflect kind of a value (`invalid` for undefined and nil). */
export function goKind(v: unknown): GoKind {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'function') return 'func';
  const scalar = scalarKind(v);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (isAnyMap(v)) return 'map';
  return goTypeName(v).startsWith('*') ? 'ptr' : 'struct';
}

/**
 * Go template truthiness (`if`, `with`, `and`, `or`, `not`): false, 0, nil, and empty strings,
 * slices and maps are false; structs are always true; the invalid value is false.
 */
export function truth(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'function':
      return true;
  }
  if (v instanceof GoInt) return v.value !== 0n;
  if (v instanceof GoFloat32) return v.value !== 0;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  if (v instanceof KeyedMap) return v.entries.length > 0;
  return true;
}

/** Tells whether a property name is exported in Go's sense (starts with an upper-case letter). */
export function isExportedName(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 65 && c <= 90;
}
