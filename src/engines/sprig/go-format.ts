/**
 * Go's fmt rendering of template values as sprig uses it (toString, cat, squote, quote, dict keys,
 * join): a thin layer over the gotemplate engine's fmt, so both print values identically.
 */
import { formatFloatStrconv, goQuote, printValue } from '../gotemplate/index.ts';

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

/** Quotes a string as Go's strconv.Quote (and `%q`) does. */
export function quote(s: string): string {
  return goQuote(s);
}
