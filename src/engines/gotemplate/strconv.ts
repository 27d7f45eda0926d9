/**
 * The parts of Go's strconv the template language needs: integer and float literals with Go's
 * syntax (base prefixes, underscores), and unquoting of string, raw string and rune literals.
 */

/** Checks Go's underscore rule: underscores only between digits or after a base prefix. */
function underscoresOk(s: string): boolean {
  if (!s.includes('_')) return true;
  let prev = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[xXbBoO]/.test(s[1])) {
    hex = /[xX]/.test(s[1]);
    i = 2;
    prev = '0';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    const digit = /[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c));
    if (c === '_') {
      if (prev !== '0') return false;
    } else if (!digit) {
      if (prev === '_') return false;
      prev = '!';
      continue;
    } else if (prev === '^') {
      prev = '0';
      continue;
    }
    prev = c === '_' ? '_' : '0';
  }
  return prev !== '_';
}

/** strconv.ParseInt(s, 0, big): Go integer literal syntax with optional sign; undefined if invalid. */
export function parseGoInt(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '' || !underscoresOk(s)) return undefined;
  let base = 10;
  let digits = s;
  if (/^0[xX]/.test(s)) {
    base = 16;
    digits = s.slice(2);
  } else if (/^0[oO]/.test(s)) {
    base = 8;
    digits = s.slice(2);
  } else if (/^0[bB]/.test(s)) {
    base = 2;
    digits = s.slice(2);
  } else if (s.length > 1 && s[0] === '0') {
    base = 8;
    digits = s.slice(1);
  }
  digits = digits.replaceAll('_', '');
  if (digits === '') return undefined;
  const valid =
    base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const v = BigInt(prefix + digits);
  return neg ? -v : v;
}

/** strconv.ParseFloat(s, 64) for Go float literal syntax; undefined if invalid. */
export function parseGoFloat(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (!underscoresOk(s)) return undefined;
  s = s.replaceAll('_', '');
  if (/^0[xX]/.test(s)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(s);
    if (!m || (m[1] === '' && !m[2])) return undefined;
    const mant = parseInt(m[1] || '0', 16) + (m[2] ? parseInt(m[2], 16) / 16 ** m[2].length : 0);
    return sign * mant * 2 ** Number(m[3] ?? 0);
  }
  if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) {
    if (/^(inf|infinity)$/i.test(s)) return sign * Infinity;
    if (/^nan$/i.test(s)) return NaN;
    return undefined;
  }
  const v = Number(s);
  // strconv reports out-of-range values as errors; the template parser then calls the literal illegal
  return Number.isFinite(v) ? sign * v : undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** strconv.Unquote: a "..." / `...` / '...' literal to its value; undefined when malformed. */
export function unquoteGo(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const q = s[0];
  if (q !== s[s.length - 1]) return undefined;
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) return undefined;
    return body.replaceAll('\r', '');
  }
  if (q !== '"' && q !== "'") return undefined;
  let out = '';
  const bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') return undefined;
    if (c === q) return undefined;
    if (c !== '\\') {
      flushBytes();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (SIMPLE_ESCAPES[e] !== undefined) {
      flushBytes();
      out += SIMPLE_ESCAPES[e];
    } else if (e === q) {
      flushBytes();
      out += e;
    } else if (e === 'x') {
      const h = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return undefined;
      bytes.push(parseInt(o, 8));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const h = body.slice(i + 1, i + 1 + n);
      if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) return undefined;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
      flushBytes();
      out += String.fromCodePoint(cp);
      i += n;
    } else {
      return undefined;
    }
  }
  flushBytes();
  if (q === "'" && [...out].length !== 1 && !(bytes.length === 0 && out.length === 1)) return undefined;
  return out;
}
