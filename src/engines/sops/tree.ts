import { formatGoFloat } from '../yaml/index.ts';

/**
 * The document tree sops works on, independent of the file format: ordered mappings (keys keep
 * file order and may be comments), sequences, and typed scalars. Integers are bigints so 64-bit
 * values survive; floats are numbers.
 */

/** A comment line, kept in the tree because sops encrypts comments too. */
export interface Comment {
  comment: string;
  inline?: boolean;
}

/**
 * A timestamp, as go-yaml v3 decodes plain YAML timestamps and sops' `time` values: kept as Go's
 * RFC 3339 text with nanoseconds (time.RFC3339Nano), which is also its MAC form.
 */
export interface GoTime {
  time: string;
}

/** A scalar or collection in the tree. */
export type Value =
  | string
  | bigint
  | number
  | boolean
  | null
  | Uint8Array
  | GoTime
  | Comment
  | Branch
  | Value[];

/** One mapping entry; a comment entry has a Comment key and a null value. */
export interface Item {
  key: string | Comment;
  value: Value;
}

/** An ordered mapping. */
export interface Branch {
  items: Item[];
}

/** Tells whether `v` is a comment. */
export const isComment = (v: unknown): v is Comment =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && 'comment' in v;

/** Tells whether `v` is a timestamp. */
export const isTime = (v: unknown): v is GoTime =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && 'time' in v;

/** Tells whether `v` is a mapping. */
export const isBranch = (v: unknown): v is Branch =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && 'items' in v;

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatFloatPlain(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  const s = String(f);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const digits = `${int}${frac}`;
  const point = (int as string).length + Number(expText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's encoding/json float64 form: like JS for the usual range, exponent outside [1e-6, 1e21). */
export function formatFloatJson(f: number): string {
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return String(f);
  return formatFloatPlain(f);
}

/**
 * A leaf as sops' ValToString prints it in the flat formats (dotenv, INI): floats with %G keeping a
 * decimal point on integral ones, times without their fraction, bytes as UTF-8 text.
 */
export function flatValueText(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    const g = formatGoFloat(v).toUpperCase();
    return g.includes('.') || g.includes('E') ? g : `${formatFloatPlain(v)}.0`;
  }
  if (typeof v === 'boolean') return String(v);
  if (isTime(v)) return v.time.replace(/\.\d+(?=Z|[+-])/, '');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return '';
}

/** The bytes sops feeds the MAC for a leaf (Go's sops.ToBytes). */
export function leafBytes(v: Value): Uint8Array {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'bigint') return Buffer.from(v.toString());
  if (typeof v === 'number') return Buffer.from(formatFloatPlain(v));
  if (typeof v === 'boolean') return Buffer.from(v ? 'True' : 'False');
  if (v instanceof Uint8Array) return v;
  if (isComment(v)) return Buffer.from(v.comment, 'utf8');
  if (isTime(v)) return Buffer.from(v.time);
  throw new Error('could not convert unknown type to bytes');
}
