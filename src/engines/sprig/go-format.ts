/**
 * Go's fmt rendering of template values as sprig uses it (toString, cat, squote, quote, dict keys,
 * join): the gotemplate engine's fmt, so both print values identically, plus strconv.Quote (kept
 * here because it must escape every non-printable rune, U+00A0 and U+200B included).
 */
import { formatFloatStrconv, printValue } from '../gotemplate/index.ts';

/** Formats a float as Go's `%v` does (strconv 'g' with the shortest precision). */
export function formatFloat(n: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  return formatFloatStrconv(n, 'g', -1, bits);
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

/** Formats any template value as Go's `fmt.Sprint` / `%v` does. */
export function sprint(v: unknown): string {
  return printValue(v === undefined ? null : v);
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
