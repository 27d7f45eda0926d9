/**
 * Sprig's integer and float math and number conversions. Integer functions convert their
 * arguments with cast.ToInt64 (so "3", 3.9 and true all count) and return int64; the float
 * functions go through exact decimals (see decimal.ts) and return float64.
 */
import { GoInt } from '../gotemplate/index.ts';
import { parseGoInt, toFloat64, toInt64 } from './cast.ts';
import * as decimal from './decimal.ts';
import { sprint } from './go-format.ts';
import { untilStep } from './lists.ts';
import { ANY, type FuncMap, goFunc } from './signature.ts';

const int64 = (n: bigint) => new GoInt('int64', n);

function divide(a: unknown, b: unknown): GoInt {
  const d = toInt64(b);
  if (d === 0n) throw new Error('runtime error: integer divide by zero');
  return int64(toInt64(a) / d);
}

function modulo(a: unknown, b: unknown): GoInt {
  const d = toInt64(b);
  if (d === 0n) throw new Error('runtime error: integer divide by zero');
  return int64(toInt64(a) % d);
}

type DecimalOp = (x: decimal.Decimal, y: decimal.Decimal) => decimal.Decimal;

/** sprig's execDecimalOp: folds op over the arguments as exact decimals. */
function decimalFold(first: unknown, rest: unknown[], op: DecimalOp): number {
  let acc = decimal.fromFloat(toFloat64(first));
  for (const x of rest) acc = op(acc, decimal.fromFloat(toFloat64(x)));
  return decimal.toFloat(acc);
}

/** Go's math.Max / math.Min: NaN wins, and +0 beats -0 for max (-0 for min). */
function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  return Math.max(a, b);
}
function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  return Math.min(a, b);
}

function bigMax(a: bigint, b: bigint): bigint {
  if (b > a) return b;
  return a;
}
function bigMin(a: bigint, b: bigint): bigint {
  if (b < a) return b;
  return a;
}

/** round: to `places` decimals, rounding up from `roundOn` (default .5) of the next digit. */
function round(value: unknown, places: bigint, ...roundOn: number[]): number {
  const on = roundOn.length > 0 ? roundOn[0] : 0.5;
  const pow = 10 ** Number(places);
  const digit = pow * toFloat64(value);
  const fraction = digit - Math.trunc(digit);
  return (fraction >= on ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/** seq: like the seq command: `seq END`, `seq START END`, `seq START STEP END`. */
function seq(...params: bigint[]): string {
  let list: bigint[];
  switch (params.length) {
    case 1: {
      const [end] = params;
      const inc = end < 1n ? -1n : 1n;
      list = untilStep(1n, end + inc, inc);
      break;
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1n : 1n;
      list = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params;
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      list = untilStep(start, end + inc, step);
      break;
    }
    default:
      return '';
  }
  return list.join(' ');
}

/** toDecimal: the argument's text read as an octal number (0 if it is none). */
function toDecimal(v: unknown): GoInt {
  const text = sprint(v);
  return int64(/^[+-]?[0-7]+$/.test(text) ? (parseGoInt(text, 8) ?? 0n) : 0n);
}

/** strconv.Atoi ignoring the error: 0 for bad syntax, the clamped value when out of range. */
function atoi(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) return 0n;
  const n = BigInt(s);
  const max = 2n ** 63n - 1n;
  if (n > max) return max;
  if (n < -max - 1n) return -max - 1n;
  return n;
}

/** The math and conversion family of the sprig FuncMap. */
export function mathFuncs(): FuncMap {
  const variadic = [`...${ANY}`];
  const oneThenMany = [ANY, `...${ANY}`];
  const maxInt = (a: unknown, ...rest: unknown[]) => int64(rest.map(toInt64).reduce(bigMax, toInt64(a)));
  const minInt = (a: unknown, ...rest: unknown[]) => int64(rest.map(toInt64).reduce(bigMin, toInt64(a)));
  return {
    add1: goFunc([ANY], (i: unknown) => int64(toInt64(i) + 1n)),
    add: goFunc(variadic, (...xs: unknown[]) => int64(xs.reduce<bigint>((s, x) => s + toInt64(x), 0n))),
    sub: goFunc([ANY, ANY], (a: unknown, b: unknown) => int64(toInt64(a) - toInt64(b))),
    div: goFunc([ANY, ANY], divide),
    mod: goFunc([ANY, ANY], modulo),
    mul: goFunc(oneThenMany, (a: unknown, ...xs: unknown[]) =>
      int64(xs.reduce<bigint>((p, x) => BigInt.asIntN(64, p * toInt64(x)), toInt64(a))),
    ),
    add1f: goFunc([ANY], (i: unknown) => decimalFold(i, [1n], decimal.add)),
    addf: goFunc(variadic, (...xs: unknown[]) => decimalFold(0, xs, decimal.add)),
    subf: goFunc(oneThenMany, (a: unknown, ...xs: unknown[]) => decimalFold(a, xs, decimal.sub)),
    mulf: goFunc(oneThenMany, (a: unknown, ...xs: unknown[]) => decimalFold(a, xs, decimal.mul)),
    divf: goFunc(oneThenMany, (a: unknown, ...xs: unknown[]) => decimalFold(a, xs, decimal.div)),
    biggest: goFunc(oneThenMany, maxInt),
    max: goFunc(oneThenMany, maxInt),
    min: goFunc(oneThenMany, minInt),
    maxf: goFunc(oneThenMany, (a: unknown, ...xs: unknown[]) =>
      xs.map(toFloat64).reduce(goMax, toFloat64(a)),
    ),
    minf: goFunc(oneThenMany, (a: unknown, ...xs: unknown[]) =>
      xs.map(toFloat64).reduce(goMin, toFloat64(a)),
    ),
    ceil: goFunc([ANY], (a: unknown) => Math.ceil(toFloat64(a))),
    floor: goFunc([ANY], (a: unknown) => Math.floor(toFloat64(a))),
    round: goFunc([ANY, 'int', '...float64'], round),
    seq: goFunc(['...int'], seq),
    atoi: goFunc(['string'], atoi),
    int: goFunc([ANY], (v: unknown) => toInt64(v)),
    int64: goFunc([ANY], (v: unknown) => int64(toInt64(v))),
    float64: goFunc([ANY], toFloat64),
    toDecimal: goFunc([ANY], toDecimal),
  };
}
