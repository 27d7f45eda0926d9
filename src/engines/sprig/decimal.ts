/**
 * The decimal arithmetic behind sprig's float functions (addf, subf, mulf, divf, add1f), with
 * shopspring/decimal's rules: each float64 becomes its shortest exact decimal, sums and products
 * are exact, quotients round half away from zero to 16 places, and the result is the float64
 * nearest to the decimal.
 */

/** coefficient * 10^exponent. */
export interface Decimal {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: panics (throws) for NaN and infinities. */
export function fromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${formatSpecial(f)}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  const [mantissa, e] = f.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const fraction = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
  return { coef: BigInt(digits), exp: Number(e) - fraction };
}

const formatSpecial = (f: number) => (Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf');

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Brings two decimals to the same (smaller) exponent. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - exp), b.coef * pow10(b.exp - exp), exp];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

/** Division rounded half away from zero to 16 decimal places (decimal.DivisionPrecision). */
export function div(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new Error('decimal division by 0');
  const places = 16;
  // a/b * 10^places = a.coef * 10^(a.exp - b.exp + places) / b.coef
  const shift = a.exp - b.exp + places;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= pow10(shift);
  else den *= pow10(-shift);
  let q = num / den;
  const r = num % den;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (2n * abs(r) >= abs(den)) q += num < 0n !== den < 0n ? -1n : 1n;
  return { coef: q, exp: -places };
}

/** The float64 nearest to the decimal (decimal.Float64). */
export function toFloat(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}
