/**
 * Go's fmt rendering of template values (`%v` and `%q`), which sprig uses to turn any value into a
 * string (toString, cat, squote, quote, dict keys, join). Local to sprig until the gotemplate
 * engine exports its own fmt; the rules follow Go: floats in %g shortest form, maps with sorted
 * keys, nil as `<nil>`, and values with a `String` or `Error` method printed through it.
 */
import { GO_TYPE, GoFloat32, GoInt, isMap, sortedKeys } from '../gotemplate/value.ts';

/** Formats a float64 as Go's `%v` does (strconv 'g' with the shortest precision). */
export function formatFloat(n: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return '+Inf';
  if (n === Number.NEGATIVE_INFINITY) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = shortestExponential(n, bits).split('e');
  const exp = Number(expText);
  // %v uses the shortest precision, for which Go switches to exponent form from 1e+06 on.
  if (exp < -4 || exp >= 6) return goExponent(mantissa, exp);
  return fixedFromExponential(mantissa, exp);
}

/** The shortest round-tripping digits of n in exponential notation (`1.5e+2`). */
export function shortestExponential(n: number, bits: 32 | 64): string {
  if (bits === 64) return n.toExponential();
  const f = Math.fround(n);
  for (let p = 0; p <= 9; p++) {
    const s = f.toExponential(p);
    if (Math.fround(Number(s)) === f) return s;
  }
  return f.toExponential();
}

/** Go's exponent form: at least two exponent digits, explicit sign. */
function goExponent(mantissa: string, exp: number): string {
  const sign = exp < 0 ? '-' : '+';
  const digits = String(Math.abs(exp)).padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}

/** Expands `d.ddd` times 10^exp into plain decimal notation. */
function fixedFromExponential(mantissa: string, exp: number): string {
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exp < 0) out = '0.' + '0'.repeat(-exp - 1) + digits;
  else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
  else out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  return negative ? '-' + out : out;
}

/** Calls a Go-style `String()` or `Error()` method when the value has one. */
function stringerText(v: object): string | undefined {
  const o = v as Record<string, unknown>;
  if (typeof o.Error === 'function') return String((o.Error as () => unknown).call(v));
  if (typeof o.String === 'function') return String((o.String as () => unknown).call(v));
  return undefined;
}

/** Formats any template value as Go's `fmt.Sprint` / `%v` does. */
export function sprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v);
    case 'function':
      return '0xc000000000';
  }
  if (v instanceof GoInt) return v.value.toString();
  if (v instanceof GoFloat32) return formatFloat(v.value, 32);
  if (v instanceof Uint8Array) return `[${Array.from(v).join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(sprint).join(' ')}]`;
  if (isMap(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${sprint(v[k])}`)
      .join(' ')}]`;
  const text = stringerText(v as object);
  if (text !== undefined) return text;
  return structText(v as object);
}

/** `{field1 field2}` for a struct, `&{...}` for a pointer to one. */
function structText(v: object): string {
  const fields = Object.keys(v)
    .filter((k) => typeof (v as any)[k] !== 'function')
    .map((k) => sprint((v as any)[k]));
  const pointer = String((v as any)[GO_TYPE] ?? '').startsWith('*');
  return `${pointer ? '&' : ''}{${fields.join(' ')}}`;
}

const NON_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** Quotes a string as Go's strconv.Quote (and `%q`) does. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (!NON_PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}
