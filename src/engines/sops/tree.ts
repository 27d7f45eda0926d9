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

/** Go's strconv.FormatFloat(f, 'g', -1, 64), which go-yaml v3 uses for floats. */
export function formatFloatG(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return formatFloatPlain(f);
}

/**
 * Parses a plain YAML scalar the way go-yaml v3 recognises timestamps (`2006-1-2`,
 * `2006-1-2T15:4:5.999999999Z07:00` with `T` or `t`, `2006-1-2 15:4:5.999999999`) and returns
 * Go's RFC3339Nano text for it, or undefined when it is not a timestamp.
 */
export function goTimestamp(s: string): string | undefined {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
      s,
    );
  if (!m) return undefined;
  const [, y, mo, d, tee, space, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  if (tee && !zone) return undefined;
  if (space && zone) return undefined;
  const p2 = (x: string) => x.padStart(2, '0');
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    Number(d) < 1 ||
    Number(d) > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 59
  ) {
    return undefined;
  }
  const fraction = frac.replace(/0+$/, '');
  const z = !zone || zone === 'Z' || zone === '+00:00' || zone === '-00:00' ? 'Z' : zone;
  return `${y}-${p2(mo as string)}-${p2(d as string)}T${p2(h)}:${p2(mi)}:${p2(sec)}${fraction ? `.${fraction}` : ''}${z}`;
}
