import { GoFloat32, GoInt, isMap } from '../gotemplate/index.ts';
import { goJsonFloat } from '../yaml/index.ts';

/**
 * Go's encoding/json as Helm's toJson and sigs.k8s.io/yaml see a template value: maps with keys
 * sorted bytewise, float64 in the shortest form (exponent below 1e-6 and from 1e21), integers
 * exact, []byte as base64, `<`, `>`, `&`, U+2028 and U+2029 escaped. Struct-like values (Helm's
 * objects) encode through a `toGoJSON()` method when they have one.
 */
export function goJsonMarshal(v: unknown): string {
  return enc(v);
}

/** A value that knows its own JSON form (Go's json.Marshaler). */
export interface GoJsonMarshaler {
  toGoJSON(): unknown;
}

function enc(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return goJsonFloat(v);
    case 'bigint':
      return v.toString();
    case 'function':
      throw new Error('json: unsupported type: func');
  }
  if (v instanceof GoInt) return v.value.toString();
  if (v instanceof GoFloat32) return goJsonFloat(v.value);
  if (v instanceof Uint8Array) return quote(Buffer.from(v).toString('base64'));
  if (Array.isArray(v)) return `[${v.map(enc).join(',')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort(byteOrder);
    return `{${keys.map((k) => `${quote(k)}:${enc((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  const m = (v as Partial<GoJsonMarshaler>).toGoJSON;
  if (typeof m === 'function') return enc(m.call(v));
  return '{}';
}

/** Go orders map keys by bytes (UTF-8); for strings of BMP characters this is code-unit order. */
export function byteOrder(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (c === 8) out += '\\b';
      else if (c === 12) out += '\\f';
      else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}
