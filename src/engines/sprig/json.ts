/**
 * JSON with Go's encoding/json behaviour for template values: map keys sorted, `<`, `>` and `&`
 * escaped unless asked not to, U+2028/U+2029 always escaped, []byte as base64, nil slices as null,
 * NaN and infinities refused, and decoding errors worded as Go words them.
 */
import { GoFloat32, GoInt, isMap, sortedKeys } from '../gotemplate/index.ts';
import { formatFloat, shortestExponential } from './go-format.ts';
import { isNilSlice } from './values.ts';

/**
 * A Go struct whose JSON form is that of a plain value (its exported fields as a map, or a string):
 * encoded, like a Go struct, in place of the object. Go types with their own json.Marshaler have a
 * `MarshalJSON()` returning JSON text instead.
 */
export interface GoStruct {
  toGoJSON(): unknown;
}

/** Options of {@link encodeJson}. */
export interface EncodeOptions {
  /** Escape <, > and & (json.Marshal does; toRawJson's encoder does not). */
  escapeHtml: boolean;
  /** Indentation unit for json.MarshalIndent, or undefined for compact output. */
  indent?: string;
}

/** Encodes a template value as json.Marshal / MarshalIndent would; throws Go's error texts. */
export function encodeJson(v: unknown, options: EncodeOptions): string {
  return encode(v, options, '');
}

function encode(v: unknown, o: EncodeOptions, prefix: string): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return encodeString(v, o.escapeHtml);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return encodeFloat(v, 64);
    case 'function':
      throw new Error('json: unsupported type: func()');
  }
  if (v instanceof GoInt) return v.value.toString();
  if (v instanceof GoFloat32) return encodeFloat(v.value, 32);
  if (v instanceof Uint8Array) return `"${Buffer.from(v).toString('base64')}"`;
  if (Array.isArray(v)) {
    if (isNilSlice(v)) return 'null';
    return container(
      '[',
      ']',
      v.map((x) => (p: string) => encode(x, o, p)),
      o,
      prefix,
    );
  }
  if (isMap(v)) {
    const keys = sortedKeys(v);
    const sep = o.indent === undefined ? ':' : ': ';
    const parts = keys.map(
      (k) => (p: string) => `${encodeString(k, o.escapeHtml)}${sep}${encode(v[k], o, p)}`,
    );
    return container('{', '}', parts, o, prefix);
  }
  const marshal = (v as Record<string, unknown>).MarshalJSON;
  if (typeof marshal === 'function') return String(marshal.call(v));
  const stand = (v as Partial<GoStruct>).toGoJSON;
  if (typeof stand === 'function') return encode(stand.call(v), o, prefix);
  const fields = Object.keys(v).filter((k) => /^[A-Z]/.test(k) && typeof (v as any)[k] !== 'function');
  const sep = o.indent === undefined ? ':' : ': ';
  const parts = fields.map(
    (k) => (p: string) => `${encodeString(k, o.escapeHtml)}${sep}${encode((v as any)[k], o, p)}`,
  );
  return container('{', '}', parts, o, prefix);
}

function container(
  open: string,
  close: string,
  parts: ((prefix: string) => string)[],
  o: EncodeOptions,
  prefix: string,
): string {
  if (parts.length === 0) return open + close;
  if (o.indent === undefined) return open + parts.map((p) => p('')).join(',') + close;
  const inner = prefix + o.indent;
  return `${open}\n${parts.map((p) => inner + p(inner)).join(',\n')}\n${prefix}${close}`;
}

/** Go's float encoding: shortest digits, exponent form below 1e-6 and from 1e21 on. */
function encodeFloat(f: number, bits: 32 | 64): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${formatFloat(f)}`);
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const [mantissa, e] = shortestExponential(f, bits).split('e');
    const exp = Number(e);
    return exp < 0 ? `${mantissa}e-${-exp}` : `${mantissa}e+${String(exp).padStart(2, '0')}`;
  }
  if (Object.is(f, -0)) return '-0';
  const value = bits === 32 ? Number(formatFloat(f, 32)) : f;
  return plainDecimal(value);
}

/** A float in plain decimal notation with the shortest digits. */
function plainDecimal(f: number): string {
  const s = String(f);
  if (!s.includes('e')) return s;
  const [mantissa, e] = s.split('e');
  const exp = Number(e);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const out = exp < 0 ? '0.' + '0'.repeat(-exp - 1) + digits : digits + '0'.repeat(exp + 1 - digits.length);
  return negative ? '-' + out : out;
}

const HEX = '0123456789abcdef';

/** A JSON string as Go writes it. */
export function encodeString(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (
      c < 0x20 ||
      (escapeHtml && (ch === '<' || ch === '>' || ch === '&')) ||
      c === 0x2028 ||
      c === 0x2029
    ) {
      out += `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
    } else if (c >= 0xd800 && c <= 0xdfff)
      out += '\\ufffd'; // an unpaired surrogate is invalid UTF-8 to Go
    else out += ch;
  }
  return out + '"';
}
