/**
 * Go's fmt formatting of Go values (see value.ts): Sprint, Sprintln and Sprintf with the verbs,
 * flags, width and precision Go supports, including its `%!verb(type=value)` error notation.
 */
import { goQuote } from './parser.ts';
import {
  GoComplex,
  GoFloat32,
  GoInt,
  goTypeName,
  isAnyMap,
  isInt,
  isMap,
  isUnsignedKind,
  mapEntries,
  structFields,
  toBigInt,
} from './value.ts';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  width?: number;
  prec?: number;
}

const noFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
});

/** Go's fmt.Sprint: operands formatted with %v, spaces between operands when neither is a string. */
export function sprint(...args: unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const isString = typeof args[i] === 'string';
    if (i > 0 && !isString && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(args[i], 'v', noFlags(), 0);
  }
  return out;
}

/** Go's fmt.Sprintln: operands formatted with %v, always space-separated, plus a newline. */
export function sprintln(...args: unknown[]): string {
  return `${args.map((a) => formatValue(a, 'v', noFlags(), 0)).join(' ')}\n`;
}

/** Go's fmt.Sprintf. */
export function sprintf(format: string, ...args: unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;
  const n = format.length;
  let i = 0;
  const parseIndex = (): void => {
    // [n] argument index
    if (format[i] !== '[') return;
    reordered = true;
    const close = format.indexOf(']', i);
    const idx = close < 0 ? NaN : Number(format.slice(i + 1, close));
    if (close < 0 || !/^[0-9]+$/.test(format.slice(i + 1, close)) || idx < 1 || idx > args.length) {
      goodArgNum = false;
      i = close < 0 ? n : close + 1;
      return;
    }
    argNum = idx - 1;
    i = close + 1;
  };
  /** The integer argument a `*` width or precision takes (consumed even when it is not an integer). */
  const starArg = (): number | undefined => {
    i++;
    if (argNum >= args.length) return undefined;
    const a = args[argNum++];
    return isInt(a) ? Number(toBigInt(a)) : undefined;
  };
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    goodArgNum = true;
    // flags
    for (; i < n; i++) {
      const c = format[i];
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = true;
      else if (c === '+') f.plus = true;
      else if (c === '-') f.minus = true;
      else if (c === ' ') f.space = true;
      else break;
    }
    parseIndex();
    // width
    if (format[i] === '*') {
      const w = starArg();
      // a negative width pads on the right
      if (w !== undefined && w < 0) f.minus = true;
      if (w === undefined || Math.abs(w) > 1e6) out += '%!(BADWIDTH)';
      else f.width = Math.abs(w);
    } else {
      const m = /^[0-9]+/.exec(format.slice(i));
      if (m) {
        f.width = Number(m[0]);
        i += m[0].length;
        if (format[i] === '[') reordered = true;
      }
    }
    if (format[i] === '.') {
      i++;
      parseIndex();
      if (format[i] === '*') {
        const p = starArg();
        if (p === undefined) out += '%!(BADPREC)';
        else f.prec = p < 0 ? undefined : p;
      } else {
        const m = /^[0-9]*/.exec(format.slice(i))!;
        f.prec = m[0] === '' ? 0 : Number(m[0]);
        i += m[0].length;
      }
    }
    parseIndex();
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (f.minus) f.zero = false;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++];
    if (verb === 'w') {
      out += `%!w(${goTypeName(arg)}=${formatValue(arg, 'v', noFlags(), 0)})`;
      continue;
    }
    if (verb === 'v') {
      if (f.sharp) {
        f.sharp = false;
        f.sharpV = true;
      }
      if (f.plus) {
        f.plus = false;
        f.plusV = true;
      }
    }
    out += formatValue(arg, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ';
    out += args
      .slice(argNum)
      .map((a) =>
        a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatValue(a, 'v', noFlags(), 0)}`,
      )
      .join(', ');
    out += ')';
  }
  return out;
}

/** Pads to the width: spaces, or zeros on the left with the 0 flag (Go pads strings with zeros too). */
function pad(s: string, f: Flags): string {
  if (f.width === undefined) return s;
  const len = [...s].length;
  if (len >= f.width) return s;
  const fill = (f.zero && !f.minus ? '0' : ' ').repeat(f.width - len);
  return f.minus ? s + fill : fill + s;
}

function padZeroAware(s: string, f: Flags): string {
  if (f.width === undefined || !f.zero || f.minus) return pad(s, f);
  const len = [...s].length;
  if (len >= f.width) return s;
  return '0'.repeat(f.width - len) + s;
}

function badVerb(v: unknown, verb: string, f: Flags = noFlags()): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  // Go prints the operand with %v but keeps the flags, width and precision given
  return `%!${verb}(${goTypeName(v)}=${formatValue(v, 'v', { ...f, sharpV: false, plusV: false }, 0)})`;
}

/** Calls a Go-style String() or Error() method of a struct value, if it has one. */
function stringerOf(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || isMap(v) || Array.isArray(v)) return undefined;
  if (v instanceof GoInt || v instanceof GoFloat32 || v instanceof Uint8Array) return undefined;
  const o = v as any;
  if (typeof o.Error === 'function') return String(o.Error());
  if (typeof o.String === 'function') return String(o.String());
  return undefined;
}

/** Formats one operand with a verb (the heart of printArg/printValue). */
export function formatValue(v: unknown, verb: string, f: Flags, depth: number): string {
  if (verb === 'T') return pad(v === null || v === undefined ? '<nil>' : goTypeName(v), f);
  if (v === null || v === undefined) {
    if (verb === 'v') return pad('<nil>', f);
    return badVerb(v, verb, f);
  }
  if (verb === 'p') return badVerb(v, verb, f);
  if (!f.sharpV && 'vsxXq'.includes(verb)) {
    const s = stringerOf(v);
    if (s !== undefined) return formatString(s, verb === 'v' ? 's' : verb, f);
  }
  switch (typeof v) {
    case 'boolean':
      if (verb === 't' || verb === 'v') return pad(String(v), f);
      return badVerb(v, verb, f);
    case 'bigint':
      return formatInteger(v, false, verb, f);
    case 'number':
      return formatFloat(v, 64, verb, f);
    case 'string':
      return formatString(v, verb, f);
    case 'function':
      if (verb === 'v') return f.sharpV ? `(${goTypeName(v)})(0x1)` : pad('0x1', f);
      return badVerb(v, verb, f);
  }
  if (v instanceof GoInt) return formatInteger(v.value, isUnsignedKind(v.kind), verb, f, v);
  if (v instanceof GoFloat32) return formatFloat(v.value, 32, verb, f);
  if (v instanceof GoComplex) {
    if (!'vbgGxXfFeE'.includes(verb)) return badVerb(v, verb, f);
    // Go prints (re+imi): the imaginary part always carries its sign
    const re = formatFloat(v.re, 64, verb, f);
    const im = formatFloat(v.im, 64, verb, { ...f, plus: true });
    return `(${re}${im}i)`;
  }
  if (v instanceof Uint8Array) {
    if ('sxXq'.includes(verb)) return formatString(Buffer.from(v).toString('latin1'), verb, f, true);
    if (f.sharpV) return `[]byte{${[...v].map((b) => `0x${b.toString(16)}`).join(', ')}}`;
    return `[${[...v].map((b) => formatInteger(BigInt(b), true, verb, f, new GoInt('uint8', BigInt(b)))).join(' ')}]`;
  }
  if (Array.isArray(v)) {
    if (f.sharpV) {
      return `${goTypeName(v)}{${v.map((e) => formatSharpElem(e, f, depth)).join(', ')}}`;
    }
    return `[${v.map((e) => formatElem(e, verb, f, depth)).join(' ')}]`;
  }
  if (isAnyMap(v)) {
    const entries = mapEntries(v);
    if (f.sharpV) {
      return `${goTypeName(v)}{${entries.map(([k, e]) => `${formatSharpElem(k, f, depth)}:${formatSharpElem(e, f, depth)}`).join(', ')}}`;
    }
    return `map[${entries.map(([k, e]) => `${formatValue(k, verb, f, depth + 1)}:${formatElem(e, verb, f, depth)}`).join(' ')}]`;
  }
  // struct
  const fields = structFields(v as object);
  if (f.sharpV) {
    return `${goTypeName(v)}{${fields.map((k) => `${k}:${formatSharpElem((v as any)[k], f, depth)}`).join(', ')}}`;
  }
  const parts = fields.map((k) => {
    const s = formatElem((v as any)[k], verb, f, depth);
    return f.plusV ? `${k}:${s}` : s;
  });
  // a pointer to a struct prints as &{...} at the top level, as an address when nested
  const amp = depth === 0 && goTypeName(v).startsWith('*') ? '&' : '';
  return `${amp}{${parts.join(' ')}}`;
}

/** An element of a slice or map: a nil interface prints as a bare `<nil>` whatever the verb. */
function formatElem(e: unknown, verb: string, f: Flags, depth: number): string {
  if (e === null || e === undefined) return '<nil>';
  return formatValue(e, verb, f, depth + 1);
}

function formatSharpElem(e: unknown, f: Flags, depth: number): string {
  if (e === null || e === undefined) return 'interface {}(nil)';
  return formatValue(e, 'v', f, depth + 1);
}

function formatString(s: string, verb: string, f: Flags, isBytes = false): string {
  switch (verb) {
    case 'v':
      if (f.sharpV) return isBytes ? s : goQuote(s);
      return padZeroAware(f.prec !== undefined ? [...s].slice(0, f.prec).join('') : s, f);
    case 's': {
      let t = s;
      if (f.prec !== undefined) t = [...t].slice(0, f.prec).join('');
      return padZeroAware(t, f);
    }
    case 'q': {
      let t = s;
      if (f.prec !== undefined) t = [...t].slice(0, f.prec).join('');
      if (f.sharp && !t.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f]/.test(t)) return pad(`\`${t}\``, f);
      return pad(f.plus ? asciiQuote(t) : goQuote(t), f);
    }
    case 'x':
    case 'X': {
      let bytes = isBytes ? Buffer.from(s, 'latin1') : Buffer.from(s, 'utf8');
      if (f.prec !== undefined) bytes = bytes.subarray(0, f.prec);
      let hex = '';
      for (let i = 0; i < bytes.length; i++) {
        if (f.space && i > 0) hex += ' ';
        if (f.sharp && (f.space || i === 0)) hex += verb === 'x' ? '0x' : '0X';
        const h = bytes[i].toString(16).padStart(2, '0');
        hex += verb === 'X' ? h.toUpperCase() : h;
      }
      return pad(hex, f);
    }
  }
  return badVerb(s, verb, f);
}

function asciiQuote(s: string): string {
  const q = goQuote(s);
  let out = '';
  for (const ch of q) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return out;
}

function quoteRune(r: bigint, f: Flags): string {
  const n = Number(r);
  let ch = n < 0 || n > 0x10ffff || (n >= 0xd800 && n < 0xe000) ? '\ufffd' : String.fromCodePoint(n);
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  let q = goQuote(ch);
  if (f.plus) q = asciiQuote(ch);
  q = q.slice(1, -1);
  if (ch === '\ufffd' && n !== 0xfffd) ch = '\ufffd';
  return `'${q}'`;
}

function formatInteger(
  value: bigint,
  unsigned: boolean,
  verb: string,
  f: Flags,
  orig: unknown = value,
): string {
  let base = 10;
  let upper = false;
  switch (verb) {
    case 'v':
    case 'd':
      if (f.sharpV && unsigned) {
        return pad(`0x${value.toString(16)}`, f);
      }
      break;
    case 'b':
      base = 2;
      break;
    case 'o':
    case 'O':
      base = 8;
      break;
    case 'x':
      base = 16;
      break;
    case 'X':
      base = 16;
      upper = true;
      break;
    case 'c':
      return pad(
        Number(value) >= 0 && Number(value) <= 0x10ffff ? String.fromCodePoint(Number(value)) : '\ufffd',
        f,
      );
    case 'q':
      return pad(quoteRune(value, f), f);
    case 'U': {
      let s = `U+${(value < 0n ? -value : value).toString(16).toUpperCase().padStart(4, '0')}`;
      if (value < 0n) s = `U+${BigInt.asUintN(64, value).toString(16).toUpperCase()}`;
      if (f.sharp && value >= 0n && value <= 0x10ffffn) s += ` '${String.fromCodePoint(Number(value))}'`;
      return pad(s, f);
    }
    default:
      return badVerb(orig, verb, f);
  }
  const neg = value < 0n;
  let digits = (neg ? -value : value).toString(base);
  if (upper) digits = digits.toUpperCase();
  if (f.prec !== undefined) {
    if (f.prec === 0 && value === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  }
  let prefix = '';
  if (f.sharp) {
    if (base === 2) prefix = '0b';
    else if (base === 8 && !digits.startsWith('0')) prefix = '0';
    else if (base === 16) prefix = upper ? '0X' : '0x';
  }
  if (verb === 'O') prefix = '0o';
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  const body = prefix + digits;
  if (f.zero && f.width !== undefined && f.prec === undefined && !f.minus) {
    const need = f.width - sign.length - body.length;
    return sign + (need > 0 ? '0'.repeat(need) : '') + body;
  }
  return pad(sign + body, f);
}

/** Decimal digits and exponent of a float (shortest or to `prec` significant digits). */
function decimalDigits(x: number, sig?: number): { digits: string; exp: number } {
  const s = sig === undefined ? x.toExponential() : x.toExponential(Math.max(sig - 1, 0));
  const [m, e] = s.split('e');
  return { digits: m.replace('.', ''), exp: Number(e) };
}

function expString(exp: number, upper: boolean): string {
  const a = Math.abs(exp);
  return `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${a < 10 ? `0${a}` : a}`;
}

/** strconv.FormatFloat for the e, f and g formats (prec -1: shortest). */
export function formatFloatStrconv(
  x: number,
  fmt: 'e' | 'E' | 'f' | 'g' | 'G',
  prec: number,
  bits = 64,
): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const sign = neg ? '-' : '';
  const shortest = prec < 0;
  const shortDigits = (): { digits: string; exp: number } => {
    if (bits === 32) {
      // shortest representation that round-trips through float32
      for (let p = 1; p <= 9; p++) {
        const d = decimalDigits(a, p);
        if (Math.fround(Number(`${d.digits[0]}.${d.digits.slice(1)}e${d.exp}`)) === Math.fround(a)) return d;
      }
    }
    return decimalDigits(a);
  };
  if (fmt === 'e' || fmt === 'E') {
    const d = shortest ? shortDigits() : decimalDigits(a, prec + 1);
    if (a === 0) {
      const z = shortest ? '0' : `0${prec > 0 ? `.${'0'.repeat(prec)}` : ''}`;
      return `${sign}${z}${expString(0, fmt === 'E')}`;
    }
    const mant = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits;
    return `${sign}${mant}${expString(d.exp, fmt === 'E')}`;
  }
  if (fmt === 'f') {
    if (shortest) {
      if (a === 0) return `${sign}0`;
      const d = shortDigits();
      return sign + digitsToFixed(d.digits, d.exp, Math.max(d.digits.length - d.exp - 1, 0));
    }
    return sign + toFixedExact(a, prec);
  }
  // g / G
  let eprec = prec;
  let d: { digits: string; exp: number };
  if (shortest) {
    d = a === 0 ? { digits: '0', exp: 0 } : shortDigits();
    eprec = 6;
  } else {
    if (prec === 0) eprec = prec = 1;
    d = a === 0 ? { digits: '0', exp: 0 } : decimalDigits(a, prec);
    d.digits = d.digits.replace(/0+$/, '') || '0';
    if (eprec > d.digits.length && d.digits.length >= d.exp + 1) eprec = d.digits.length;
  }
  if (shortest) d.digits = d.digits.replace(/0+$/, '') || '0';
  const exp = d.exp;
  if (exp < -4 || exp >= eprec) {
    const mant = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits;
    return `${sign}${mant}${expString(exp, fmt === 'G')}`;
  }
  return sign + digitsToFixed(d.digits, exp, Math.max(d.digits.length - exp - 1, 0));
}

/** Places decimal digits (d.ddd × 10^exp) as fixed notation with `frac` fraction digits. */
function digitsToFixed(digits: string, exp: number, frac: number): string {
  let intPart: string;
  let fracPart: string;
  if (exp >= 0) {
    const all = digits.padEnd(exp + 1, '0');
    intPart = all.slice(0, exp + 1);
    fracPart = all.slice(exp + 1);
  } else {
    intPart = '0';
    fracPart = '0'.repeat(-exp - 1) + digits;
  }
  fracPart = fracPart.padEnd(frac, '0').slice(0, frac);
  return frac > 0 ? `${intPart}.${fracPart}` : intPart;
}

/** x.toFixed(prec) exactly, also beyond JS's 1e21 and 100-digit limits. */
function toFixedExact(a: number, prec: number): string {
  if (a < 1e21 && prec <= 100) return a.toFixed(prec);
  if (Number.isInteger(a)) return BigInt(a).toString() + (prec > 0 ? `.${'0'.repeat(prec)}` : '');
  const s = a.toFixed(100);
  return s + '0'.repeat(prec - 100);
}

function formatFloat(x: number, bits: number, verb: string, f: Flags): string {
  let s: string;
  switch (verb) {
    case 'v':
      s = formatFloatStrconv(x, 'g', f.prec ?? -1, bits);
      if (f.sharp) s = sharpG(s, f.prec ?? 6);
      break;
    case 'g':
    case 'G':
      s = formatFloatStrconv(x, verb, f.prec ?? -1, bits);
      if (f.sharp) s = sharpG(s, f.prec ?? 6);
      break;
    case 'e':
    case 'E':
      s = formatFloatStrconv(x, verb, f.prec ?? 6, bits);
      break;
    case 'f':
    case 'F':
      s = formatFloatStrconv(x, 'f', f.prec ?? 6, bits);
      break;
    case 'x':
    case 'X':
      s = hexFloat(x, f.prec ?? -1, bits);
      if (f.sharp && f.prec === undefined && Number.isFinite(x)) s = sharpHex(s);
      if (verb === 'X') s = s.toUpperCase();
      break;
    case 'b':
      s = binaryFloat(x, bits);
      break;
    default:
      return badVerb(bits === 32 ? new GoFloat32(x) : x, verb, f);
  }
  if (f.sharp && !s.includes('.') && Number.isFinite(x) && 'eEfF'.includes(verb)) {
    const e = s.search(/[eE]/);
    s = e < 0 ? `${s}.` : `${s.slice(0, e)}.${s.slice(e)}`;
  }
  if (f.plus && !s.startsWith('-') && !s.startsWith('+')) s = `+${s}`;
  else if (f.space && !s.startsWith('-') && !s.startsWith('+')) s = ` ${s}`;
  if (!Number.isFinite(x)) {
    if (!f.plus && !f.space && s.startsWith('+') && verb !== 'v') s = s.slice(1);
    if (verb === 'v' && s === '+Inf' && !f.plus) s = '+Inf';
    return pad(s, { ...f, zero: false });
  }
  if (f.zero && f.width !== undefined && !f.minus) {
    const signLen = s.startsWith('-') || s.startsWith('+') || s.startsWith(' ') ? 1 : 0;
    const need = f.width - s.length;
    if (need > 0) return s.slice(0, signLen) + '0'.repeat(need) + s.slice(signLen);
    return s;
  }
  return pad(s, f);
}

/** The float's sign, 53-bit (or 24-bit) integer mantissa and binary exponent: x = mant × 2^exp. */
function floatParts(x: number, bits: number): { neg: boolean; mant: bigint; exp: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const neg = hi >>> 31 === 1;
  let e = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e === 0) e = 1;
  else mant |= 1n << 52n;
  let exp = e - 1075;
  if (bits === 32) {
    mant >>= 29n;
    exp += 29;
  }
  return { neg, mant, exp };
}

/** strconv 'b' format: decimal mantissa, 'p', binary exponent. */
function binaryFloat(x: number, bits: number): string {
  const { neg, mant, exp } = floatParts(x, bits);
  return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : '-'}${Math.abs(exp)}`;
}

/** strconv 'x' format: 0x1.hhhhp±dd (prec -1: as few hex digits as needed). */
function hexFloat(x: number, prec: number, bits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  let { neg, mant, exp } = floatParts(x, bits);
  if (mant === 0n) {
    const frac = prec > 0 ? `.${'0'.repeat(prec)}` : '';
    return `${neg ? '-' : ''}0x0${frac}p+00`;
  }
  // normalise so the leading 1 sits at bit 60, leaving 15 hex digits of fraction
  const shift = 60 - (mant.toString(2).length - 1);
  mant <<= BigInt(shift);
  exp -= shift;
  exp += 60;
  if (prec >= 0 && prec < 15) {
    const drop = BigInt(4 * (15 - prec));
    const half = 1n << (drop - 1n);
    const rem = mant & ((1n << drop) - 1n);
    mant >>= drop;
    if (rem > half || (rem === half && (mant & 1n) === 1n)) mant++;
    mant <<= drop;
    if (mant >> 61n) {
      mant >>= 1n;
      exp++;
    }
  }
  let frac = (mant & ((1n << 60n) - 1n)).toString(16).padStart(15, '0');
  if (prec < 0) frac = frac.replace(/0+$/, '');
  else frac = frac.slice(0, prec).padEnd(prec, '0');
  const e = Math.abs(exp);
  return `${neg ? '-' : ''}0x1${frac ? `.${frac}` : ''}p${exp >= 0 ? '+' : '-'}${e < 10 ? `0${e}` : e}`;
}

/** %#x of a float: Go's # flag pads the mantissa with zeros to six digits, counting the x. */
function sharpHex(s: string): string {
  const p = s.indexOf('p');
  let mant = s.slice(0, p);
  const digits = mant.replace(/^[-+]?0x/, '').replace('.', '').length;
  if (!mant.includes('.')) mant += '.';
  const need = 6 - 1 - digits;
  return mant + '0'.repeat(Math.max(need, 0)) + s.slice(p);
}

/** %#g keeps trailing zeros up to the precision. */
function sharpG(s: string, prec: number): string {
  const e = s.search(/[eE]/);
  const mant = e < 0 ? s : s.slice(0, e);
  const tail = e < 0 ? '' : s.slice(e);
  const digits = mant.replace(/[-+.]/g, '').replace(/^0+/, '').length || 1;
  let m = mant.includes('.') ? mant : `${mant}.`;
  if (digits < prec) m += '0'.repeat(prec - digits);
  return m + tail;
}

/** %v of a value as text/template prints an action's result (fmt.Fprint of one operand). */
export function printValue(v: unknown): string {
  return formatValue(v, 'v', noFlags(), 0);
}

/** What a template action prints: %v of the value, a pointer to a struct shown without its `&`. */
export function printIndirect(v: unknown): string {
  return formatValue(v, 'v', noFlags(), 1);
}
