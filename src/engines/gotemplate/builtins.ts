/**
 * Go's predefined template functions that take plain values (comparison, index, slice, len,
 * escapers, print family). `and`, `or` and `call` need the executor and live there.
 */
import { sprint, sprintf, sprintln } from './fmt.ts';
import {
  GoComplex,
  GoFloat32,
  GoInt,
  goTypeName,
  intKind,
  isAnyMap,
  isMap,
  KeyedMap,
  mapElemType,
  mapLookup,
  sliceElemType,
  toBigInt,
  truth,
  typedSlice,
} from './value.ts';

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  if (v instanceof GoInt) return v.kind.startsWith('u') ? 'uint' : 'int';
  if (v instanceof GoFloat32) return 'float';
  if (v instanceof GoComplex) return 'complex';
  return 'invalid';
}

function num(v: unknown): number {
  return v instanceof GoFloat32 ? v.value : (v as number);
}

function intVal(v: unknown): bigint {
  return toBigInt(v as bigint | GoInt);
}

function isNilValue(v: unknown): boolean {
  return v === null || v === undefined;
}

/** Go's `eq`: arg1 == arg2 || arg1 == arg3 ... with Go's basic-kind rules. */
export function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') t = intVal(arg1) >= 0n && intVal(arg1) === intVal(arg);
      else if (k1 === 'uint' && k2 === 'int') t = intVal(arg) >= 0n && intVal(arg1) === intVal(arg);
      else if (!isNilValue(arg1) && !isNilValue(arg)) {
        throw new Error(`incompatible types for comparison: ${goTypeName(arg1)} and ${goTypeName(arg)}`);
      }
    } else {
      switch (k1) {
        case 'bool':
        case 'string':
          t = arg1 === arg;
          break;
        case 'float':
          t = num(arg1) === num(arg);
          break;
        case 'complex':
          t =
            (arg1 as GoComplex).re === (arg as GoComplex).re &&
            (arg1 as GoComplex).im === (arg as GoComplex).im;
          break;
        case 'int':
        case 'uint':
          t = intVal(arg1) === intVal(arg);
          break;
        default: {
          if (isNilValue(arg1) || isNilValue(arg)) {
            t = isNilValue(arg1) === isNilValue(arg);
            if (!isNilValue(arg1) && !isNilValue(arg)) t = false;
            break;
          }
          const c1 = compareKind(arg1);
          const c2 = compareKind(arg);
          if (c1 !== c2) {
            throw new Error(
              `non-comparable types ${sprintf('%s', arg1)}: ${goTypeName(arg1)}, ${goTypeName(arg)}: ${sprint(arg)}`,
            );
          }
          if (Array.isArray(arg) || isMap(arg) || typeof arg === 'function') {
            throw new Error(`non-comparable type ${sprintf('%s', arg)}: ${goTypeName(arg)}`);
          }
          t = arg1 === arg;
        }
      }
    }
    if (t) return true;
  }
  return false;
}

function compareKind(v: unknown): string {
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (isAnyMap(v)) return 'map';
  if (typeof v === 'function') return 'func';
  return 'struct';
}

/** Go's `ne`. */
export function ne(a: unknown, b: unknown): boolean {
  return !eq(a, b);
}

/** Go's `lt`. */
export function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new Error('invalid type for comparison');
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intVal(a) < 0n || intVal(a) < intVal(b);
    if (k1 === 'uint' && k2 === 'int') return intVal(b) >= 0n && intVal(a) < intVal(b);
    throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new Error('invalid type for comparison');
    case 'float':
      return num(a) < num(b);
    case 'string':
      return byteCompare(a as string, b as string) < 0;
    default:
      return intVal(a) < intVal(b);
  }
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Go's `le`. */
export function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}
/** Go's `gt`. */
export function gt(a: unknown, b: unknown): boolean {
  return !le(a, b);
}
/** Go's `ge`. */
export function ge(a: unknown, b: unknown): boolean {
  return !lt(a, b);
}

/** Go's `not`. */
export function not(v: unknown): boolean {
  return !truth(v);
}

function indexArg(index: unknown, cap: number): number {
  const k = intKind(index);
  if (k === undefined) {
    if (isNilValue(index)) throw new Error('cannot index slice/array with nil');
    throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  }
  const x = intVal(index);
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

/** Go's `index`. */
export function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNilValue(item)) throw new Error('index of untyped nil');
  let cur = item;
  for (const idx of indexes) {
    if (isNilValue(cur)) throw new Error('index of nil pointer');
    if (Array.isArray(cur) || cur instanceof Uint8Array || typeof cur === 'string') {
      const len = typeof cur === 'string' ? Buffer.byteLength(cur) : cur.length;
      const x = indexArg(idx, len);
      if (x >= len) throw new Error('reflect: slice index out of range');
      if (typeof cur === 'string') cur = new GoInt('uint8', BigInt(Buffer.from(cur)[x]));
      else if (cur instanceof Uint8Array) cur = new GoInt('uint8', BigInt(cur[x]));
      else cur = cur[x];
    } else if (isMap(cur)) {
      if (isNilValue(idx)) throw new Error('value is nil; should be of type string');
      if (typeof idx !== 'string') throw new Error(`value has type ${goTypeName(idx)}; should be string`);
      if (Object.hasOwn(cur, idx)) cur = cur[idx];
      else cur = zeroOf(mapElemType(cur));
    } else if (cur instanceof KeyedMap) {
      if (isNilValue(idx)) throw new Error(`value is nil; should be of type ${cur.keyType}`);
      if (goTypeName(idx) !== cur.keyType)
        throw new Error(`value has type ${goTypeName(idx)}; should be ${cur.keyType}`);
      cur = mapLookup(cur, idx) ?? zeroOf(cur.elemType);
    } else {
      throw new Error(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

/** The zero value of a Go type name (for missing map entries). */
export function zeroOf(type: string): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0n;
    case 'float64':
      return 0;
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return new GoInt(type, 0n);
  }
  return null;
}

/** Go's `slice`. */
export function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (isNilValue(item)) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = Buffer.byteLength(item);
  } else if (Array.isArray(item) || item instanceof Uint8Array) {
    len = item.length;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, len);
  });
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string')
    return Buffer.from(item).subarray(idx[0], idx[1]).toString('latin1') === ''
      ? ''
      : Buffer.from(item).subarray(idx[0], idx[1]).toString();
  if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
  // a sub-slice keeps the slice's element type ([]string stays []string)
  return typedSlice(sliceElemType(item), item.slice(idx[0], idx[1]));
}

/** Go's `len`. */
export function len(item: unknown): bigint {
  // the invalid value (a missing key) trips reflect itself; a nil interface is Go's nil pointer case
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (item === null) throw new Error('len of nil pointer');
  if (typeof item === 'string') return BigInt(Buffer.byteLength(item));
  if (Array.isArray(item) || item instanceof Uint8Array) return BigInt(item.length);
  if (isMap(item)) return BigInt(Object.keys(item).length);
  if (item instanceof KeyedMap) return BigInt(item.entries.length);
  throw new Error(`len of type ${goTypeName(item)}`);
}

/** The text the escapers work on: Go's evalArgs (one string arg as is, else Sprint). */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  // Go runs each operand through printableValue first, which turns nil into "<no value>"
  return sprint(...args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

/** Go's `html` escaper. */
export function html(...args: unknown[]): string {
  const s = evalArgs(args);
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\0':
        out += '\uFFFD';
        break;
      case '"':
        out += '&#34;';
        break;
      case "'":
        out += '&#39;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** Go's `js` escaper. */
export function js(...args: unknown[]): string {
  const s = evalArgs(args);
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20 || (c >= 0x7f && !isGoPrint(ch)))
      out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isGoPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** Go's `urlquery` (url.QueryEscape). */
export function urlquery(...args: unknown[]): string {
  const s = evalArgs(args);
  let out = '';
  for (const b of Buffer.from(s)) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's `print` over template values (the invalid value prints as <nil>). */
export function print(...args: unknown[]): string {
  return sprint(...args.map((a) => (a === undefined ? null : a)));
}
/** Go's `printf` over template values. */
export function printf(format: string, ...args: unknown[]): string {
  return sprintf(format, ...args.map((a) => (a === undefined ? null : a)));
}
/** Go's `println` over template values. */
export function println(...args: unknown[]): string {
  return sprintln(...args.map((a) => (a === undefined ? null : a)));
}
