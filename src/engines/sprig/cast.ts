/**
 * Conversions sprig applies to loosely typed arguments, with the semantics of the Go libraries it
 * relies on (spf13/cast for numbers, strconv for parsing): failures yield zero, never an error.
 */
import { GoFloat32, GoInt, isMap } from '../gotemplate/index.ts';
import { sprint } from './go-format.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's int64(f) for a float64: truncation; out of range (and NaN) gives the minimum int64, as on amd64. */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f)) return INT64_MIN;
  const t = BigInt(Math.trunc(f));
  return t < INT64_MIN || t > INT64_MAX ? INT64_MIN : t;
}

/** Drops a trailing `.0...` from a numeric string, as cast does before parsing an integer. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** The digits a Go integer literal may use for a base. */
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-f]+$/i };

/**
 * strconv.ParseInt(s, base, 64): base 0 takes Go literal prefixes (0x, 0o, 0b, leading 0 for octal)
 * and underscores between digits. Returns undefined for a syntax or range error.
 */
export function parseGoInt(s: string, base: 0 | 8 | 10): bigint | undefined {
  let rest = s;
  let negative = false;
  if (rest.startsWith('+') || rest.startsWith('-')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  let radix: number = base;
  let prefixed = false;
  if (base === 0) {
    radix = 10;
    const lower = rest.toLowerCase();
    if (lower.startsWith('0x')) [radix, rest, prefixed] = [16, rest.slice(2), true];
    else if (lower.startsWith('0o')) [radix, rest, prefixed] = [8, rest.slice(2), true];
    else if (lower.startsWith('0b')) [radix, rest, prefixed] = [2, rest.slice(2), true];
    else if (rest.length > 1 && rest[0] === '0') [radix, rest, prefixed] = [8, rest.slice(1), true];
    if (rest.includes('_')) {
      if (!underscoresOk((prefixed ? '0' : '') + rest)) return undefined;
      rest = rest.replaceAll('_', '');
    }
  }
  if (!DIGITS[radix].test(rest)) return undefined;
  let n = 0n;
  for (const c of rest.toLowerCase()) n = n * BigInt(radix) + BigInt(Number.parseInt(c, radix));
  if (negative) n = -n;
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** Go's rule: underscores only between digits (or after a base prefix). */
function underscoresOk(s: string): boolean {
  return !/__|_$|^_/.test(s);
}

/** strconv.ParseFloat(s, 64); undefined on a syntax or range error. */
export function parseGoFloat(s: string): number | undefined {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** cast.ToInt64: integers, floats (truncated), numeric strings (Go literal syntax), bools; else 0. */
export function toInt64(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoInt) return BigInt.asIntN(64, v.value);
  if (typeof v === 'number') return floatToInt64(v);
  if (v instanceof GoFloat32) return floatToInt64(v.value);
  if (typeof v === 'string') return parseGoInt(trimZeroDecimal(v), 0) ?? 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return 0n;
}

/** cast.ToFloat64: numbers, numeric strings (strconv.ParseFloat), bools; else 0. */
export function toFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoInt) return Number(v.value);
  if (v instanceof GoFloat32) return v.value;
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** Sprig's strval: strings as they are, []byte decoded, errors and Stringers through their method, else %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return sprint(v);
}

/** Sprig's strslice: a list's non-nil elements as strings; nil gives none; a scalar gives one. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v instanceof Uint8Array) return Array.from(v, (b) => String(b));
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

/**
 * Sprig's `empty`: nil, zero numbers, false, and empty strings, lists and maps are empty; structs
 * and functions never are.
 */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'number':
      return v === 0;
    case 'bigint':
      return v === 0n;
    case 'boolean':
      return !v;
    case 'function':
      return false;
  }
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoFloat32) return v.value === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}
