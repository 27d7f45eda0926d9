import { toError } from '../errors/index.ts';
import { expandTemplate } from '../regex/index.ts';

/**
 * Go regular expressions (RE2 syntax) on JavaScript's engine. Patterns are translated (named
 * groups, `\A`/`\z`, POSIX classes, `\Q...\E`, ASCII-only `\s`, `.` not matching only `\n`, flag
 * groups) and checked for the constructs RE2 rejects, with Go's error texts. Matching loops follow
 * Go's rules for empty matches, and replacement templates Go's `$name`/`${name}` expansion.
 */

/** A compile error worded as Go's regexp/syntax words it. */
export class RegexpError extends Error {}

const fail = (code: string, expr: string): never => {
  throw new RegexpError(`error parsing regexp: ${code}: \`${expr}\``);
};

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const SYNTAX = '^$\\.*+?()[]{}|/';
const hexEscape = (ch: string) => {
  const cp = ch.codePointAt(0)!;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
};
/** A literal character, escaped so that it is valid anywhere in a `u`-mode pattern. */
const literal = (ch: string) => (SYNTAX.includes(ch) || ch === '-' ? hexEscape(ch) : ch);

const isRepeat = (ch: string | undefined) => ch === '*' || ch === '+' || ch === '?';

/** Parses a `\p` property after the `p`/`P` at index i; returns the JS escape and the end index. */
function property(p: string, i: number, negated: boolean, expr: string): [string, number] {
  let name: string;
  let end: number;
  if (p[i] === '{') {
    const close = p.indexOf('}', i);
    if (close < 0) fail('invalid character class range', p.slice(i - 2));
    name = p.slice(i + 1, close);
    end = close + 1;
  } else {
    name = p[i] ?? '';
    end = i + 1;
  }
  if (name.startsWith('^')) {
    negated = !negated;
    name = name.slice(1);
  }
  const general = /^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/.test(name);
  let body = general ? name : `Script=${name}`;
  if (name === 'Any') body = 'Any';
  try {
    new RegExp(`\\p{${body}}`, 'u');
  } catch {
    fail('invalid character class range', expr.slice(0, 0) + p.slice(i - 2, end));
  }
  return [`\\${negated ? 'P' : 'p'}{${body}}`, end];
}

/** Translates an escape at p[i] === '\\'; returns the JS text and the index after it. */
function translateEscape(p: string, i: number, inClass: boolean, expr: string): [string, number] {
  const c = p[i + 1];
  if (c === undefined) fail('trailing backslash at end of expression', '');
  switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 'n':
    case 't':
    case 'r':
    case 'f':
    case 'v':
      return [`\\${c}`, i + 2];
    case 'b':
    case 'B':
      if (inClass) fail('invalid escape sequence', `\\${c}`);
      // grouped, because RE2 lets an empty-width assertion be repeated and JavaScript does not
      return [`(?:\\${c})`, i + 2];
    case 's':
      return [inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]', i + 2];
    case 'S':
      return [inClass ? '\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\u{10ffff}' : '[^\\t\\n\\f\\r ]', i + 2];
    case 'a':
      return ['\\x07', i + 2];
    case 'A':
      if (inClass) fail('invalid escape sequence', '\\A');
      return ['(?:(?<![\\s\\S]))', i + 2];
    case 'z':
      if (inClass) fail('invalid escape sequence', '\\z');
      return ['(?:(?![\\s\\S]))', i + 2];
    case 'p':
    case 'P':
      return property(p, i + 2, c === 'P', expr);
    case 'x': {
      if (p[i + 2] === '{') {
        const close = p.indexOf('}', i);
        const hex = p.slice(i + 3, close);
        if (close < 0 || !/^[0-9a-fA-F]+$/.test(hex)) fail('invalid escape sequence', p.slice(i, close + 1));
        return [`\\u{${hex}}`, close + 1];
      }
      const hex = p.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('invalid escape sequence', p.slice(i, i + 4));
      return [`\\x${hex}`, i + 4];
    }
  }
  if (c >= '0' && c <= '7') {
    const m = /^[0-7]{1,3}/.exec(p.slice(i + 1))![0];
    if (c !== '0' && m.length === 1) fail('invalid escape sequence', `\\${c}`);
    return [hexEscape(String.fromCodePoint(Number.parseInt(m, 8))), i + 1 + m.length];
  }
  if (c.charCodeAt(0) < 0x80 && !/[0-9A-Za-z]/.test(c)) return [literal(c), i + 2];
  return fail('invalid escape sequence', `\\${c}`);
}

/** The complement of an ASCII class body (as listed in POSIX), over all code points. */
function complementAscii(body: string): string {
  const re = new RegExp(`[${body}]`);
  const ranges: string[] = [];
  let start = -1;
  for (let c = 0; c <= 0x80; c++) {
    const inside = c < 0x80 && !re.test(String.fromCharCode(c));
    if (inside && start < 0) start = c;
    if (!inside && start >= 0) {
      ranges.push(`${hexEscape(String.fromCharCode(start))}-${hexEscape(String.fromCharCode(c - 1))}`);
      start = -1;
    }
  }
  return ranges.join('') + '\\x80-\\u{10ffff}';
}

/** The code point a class item stands for, when it is a single character (for range checks). */
function singleCodePoint(
  p: string,
  j: number,
  expr: string,
): { cp: number; text: string; next: number } | undefined {
  if (p[j] === '\\') {
    const [text, next] = translateEscape(p, j, true, expr);
    const m = /^\\x([0-9a-f]{2})$|^\\u\{([0-9a-f]+)\}$/i.exec(text);
    if (m) return { cp: Number.parseInt(m[1] ?? m[2], 16), text: p.slice(j, next), next };
    if (text.length === 1) return { cp: text.codePointAt(0)!, text: p.slice(j, next), next };
    const simple = { n: 10, t: 9, r: 13, f: 12, v: 11 }[p[j + 1] as 'n'];
    return simple === undefined ? undefined : { cp: simple, text: p.slice(j, next), next };
  }
  const ch = String.fromCodePoint(p.codePointAt(j)!);
  return { cp: ch.codePointAt(0)!, text: ch, next: j + ch.length };
}

/** Translates a bracket expression starting at p[i] === '['; returns the JS class and the index after it. */
function bracket(p: string, i: number, expr: string): [string, number] {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (;;) {
    if (j >= p.length) fail('missing closing ]', p.slice(i));
    const ch = p[j];
    if (ch === ']' && !first) return [out + ']', j + 1];
    first = false;
    if (ch === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      if (close >= 0) {
        const name = p.slice(j + 2, close);
        const body = POSIX[name.replace(/^\^/, '')];
        if (body === undefined) fail('invalid character class range', p.slice(j, close + 2));
        out += name.startsWith('^') ? complementAscii(body) : body;
        j = close + 2;
        continue;
      }
    }
    const lo = singleCodePoint(p, j, expr);
    if (lo && p[lo.next] === '-' && p[lo.next + 1] !== ']' && lo.next + 1 < p.length) {
      const hi = singleCodePoint(p, lo.next + 1, expr);
      if (hi) {
        if (hi.cp < lo.cp) fail('invalid character class range', `${lo.text}-${hi.text}`);
        const lit = (cp: number) => hexEscape(String.fromCodePoint(cp));
        out += `${lit(lo.cp)}-${lit(hi.cp)}`;
        j = hi.next;
        continue;
      }
    }
    if (ch === '\\') {
      const [text, next] = translateEscape(p, j, true, expr);
      out += text;
      j = next;
      continue;
    }
    const cp = String.fromCodePoint(p.codePointAt(j)!);
    out += cp === '-' ? '\\-' : SYNTAX.includes(cp) ? `\\${cp}` : cp;
    j += cp.length;
  }
}

interface Translation {
  source: string;
  flags: string;
  groupNames: string[];
}

/** Translates a Go pattern; throws {@link RegexpError} for what RE2 rejects. */
export function translate(expr: string): Translation {
  let p = expr;
  let flags = 'u';
  let dotAll = false;
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    if (lead[1].includes('i')) flags += 'i';
    if (lead[1].includes('m')) flags += 'm';
    if (lead[1].includes('s')) dotAll = true;
    p = p.slice(lead[0].length);
  }
  const groupNames: string[] = [''];
  // per open group: how many `(?flags:` wrappers opened inside it must be closed at `|` and `)`
  const scopes: { wrappers: string[]; dotAll: boolean }[] = [{ wrappers: [], dotAll }];
  const scope = () => scopes[scopes.length - 1];
  /** Applies `s`/`-s` of a flag group to a scope's dot (JS modifiers cannot reach our `.` rewrite). */
  const applyDotAll = (flagText: string, target: { dotAll: boolean }) => {
    const [on, off = ''] = flagText.split('-');
    if (on.includes('s')) target.dotAll = true;
    if (off.includes('s')) target.dotAll = false;
  };
  let out = '';
  let canRepeat = false;
  let i = 0;
  const closeWrappers = () => ')'.repeat(scopes[scopes.length - 1].wrappers.length);
  while (i < p.length) {
    const ch = p[i];
    if (ch === '\\' && p[i + 1] === 'Q') {
      const end = p.indexOf('\\E', i + 2);
      const text = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
      out += Array.from(text, literal).join('');
      i = end < 0 ? p.length : end + 2;
      canRepeat = text.length > 0;
      continue;
    }
    if (ch === '\\') {
      const [text, next] = translateEscape(p, i, false, expr);
      out += text;
      i = next;
      canRepeat = true;
      continue;
    }
    if (ch === '[') {
      const [text, next] = bracket(p, i, expr);
      out += text;
      i = next;
      canRepeat = true;
      continue;
    }
    if (ch === '(') {
      const rest = p.slice(i);
      const flagGroup = /^\(\?([imsU-]+)(\)|:)/.exec(rest);
      if (flagGroup) {
        const on = flagGroup[1].replace('U', '');
        const jsFlags = on.replace('s', '').replace(/-$/, '');
        const open = jsFlags === '' || jsFlags === '-' ? '(?:' : `(?${jsFlags}:`;
        if (flagGroup[2] === ')') {
          out += open;
          scope().wrappers.push(open);
          applyDotAll(on, scope());
        } else {
          out += open;
          scopes.push({ wrappers: [], dotAll: scope().dotAll });
          applyDotAll(on, scope());
        }
        canRepeat = false;
        i += flagGroup[0].length;
        continue;
      }
      const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
      if (named) {
        groupNames.push(named[1]);
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (rest.startsWith('(?:')) {
        out += '(?:';
        i += 3;
      } else if (rest.startsWith('(?')) {
        fail('invalid or unsupported Perl syntax', rest.slice(0, rest[2] === 'P' || rest[2] === '<' ? 3 : 3));
      } else {
        groupNames.push('');
        out += '(';
        i++;
      }
      scopes.push({ wrappers: [], dotAll: scope().dotAll });
      canRepeat = false;
      continue;
    }
    if (ch === ')') {
      if (scopes.length === 1) fail('unexpected )', expr);
      out += closeWrappers() + ')';
      scopes.pop();
      i++;
      canRepeat = true;
      continue;
    }
    if (ch === '|') {
      const wrappers = scopes[scopes.length - 1].wrappers;
      out += closeWrappers() + '|' + wrappers.join('');
      i++;
      canRepeat = false;
      continue;
    }
    if (isRepeat(ch) || (ch === '{' && /^\{\d+(,\d*)?\}/.test(p.slice(i)))) {
      const op = ch === '{' ? /^\{\d+(,\d*)?\}/.exec(p.slice(i))![0] : ch;
      if (!canRepeat) {
        const prev = out.slice(-1);
        if (isRepeat(prev) || prev === '}')
          fail('invalid nested repetition operator', p.slice(i - 1, i + op.length));
        fail('missing argument to repetition operator', op);
      }
      if (ch === '{') {
        const nums = op
          .slice(1, -1)
          .split(',')
          .filter((x) => x !== '')
          .map(Number);
        if (nums.some((n) => n > 1000) || (nums.length === 2 && nums[1] < nums[0]))
          fail('invalid repeat count', op);
      }
      out += op;
      i += op.length;
      if (p[i] === '?') {
        out += '?';
        i++;
      }
      if (isRepeat(p[i]) || (p[i] === '{' && /^\{\d+(,\d*)?\}/.test(p.slice(i)))) {
        fail('invalid nested repetition operator', p.slice(i - op.length, i + 1));
      }
      canRepeat = false;
      continue;
    }
    if (ch === '.') {
      out += scope().dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
      canRepeat = true;
      continue;
    }
    if (ch === '^' || ch === '$') {
      out += `(?:${ch})`;
      i++;
      canRepeat = true;
      continue;
    }
    const cp = String.fromCodePoint(p.codePointAt(i)!);
    out += literal(cp);
    i += cp.length;
    canRepeat = true;
  }
  if (scopes.length > 1) fail('missing closing )', expr);
  out += closeWrappers();
  return { source: out, flags, groupNames };
}

/** A compiled Go regular expression. */
export class GoRegexp {
  readonly re: RegExp;
  readonly groupNames: string[];
  constructor(expr: string) {
    const t = translate(expr);
    try {
      this.re = new RegExp(t.source, t.flags + 'g');
    } catch (e) {
      throw new RegexpError(`error parsing regexp: ${toError(e).message}: \`${expr}\``);
    }
    this.groupNames = t.groupNames;
  }

  private execAt(s: string, pos: number): RegExpExecArray | null {
    this.re.lastIndex = pos;
    return this.re.exec(s);
  }

  /** Regexp.MatchString. */
  test(s: string): boolean {
    return this.execAt(s, 0) !== null;
  }

  /** Regexp.FindString: the leftmost match, or "". */
  find(s: string): string {
    return this.execAt(s, 0)?.[0] ?? '';
  }

  /** Go's match iteration: at most n matches (n < 0: all); no empty match right after a match. */
  findAll(s: string, n: number): RegExpExecArray[] {
    const out: RegExpExecArray[] = [];
    let pos = 0;
    let prevEnd = -1;
    while ((n < 0 || out.length < n) && pos <= s.length) {
      const m = this.execAt(s, pos);
      if (!m) break;
      const end = m.index + m[0].length;
      let accept = true;
      if (end === pos) {
        if (m.index === prevEnd) accept = false;
        pos += pos < s.length ? String.fromCodePoint(s.codePointAt(pos)!).length : 1;
      } else pos = end;
      prevEnd = end;
      if (accept) out.push(m);
    }
    return out;
  }

  /** Regexp.ReplaceAllString with a replacement function over each match. */
  replaceAll(s: string, replacement: (m: RegExpExecArray) => string): string {
    let out = '';
    let lastEnd = 0;
    let searchPos = 0;
    while (searchPos <= s.length) {
      const m = this.execAt(s, searchPos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      out += s.slice(lastEnd, start);
      if (end > lastEnd || start === 0) out += replacement(m);
      lastEnd = end;
      const width = searchPos < s.length ? String.fromCodePoint(s.codePointAt(searchPos)!).length : 1;
      if (searchPos + width > end) searchPos += width;
      else if (searchPos + 1 > end) searchPos++;
      else searchPos = end;
    }
    return out + s.slice(lastEnd);
  }

  /** Regexp.Split. */
  split(s: string, n: number, exprLength: number): string[] {
    if (n === 0) return [];
    if (exprLength > 0 && s.length === 0) return [''];
    const parts: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of this.findAll(s, n)) {
      if (n > 0 && parts.length === n - 1) break;
      end = m.index;
      if (m.index + m[0].length !== 0) parts.push(s.slice(beg, end));
      beg = m.index + m[0].length;
    }
    if (end !== s.length) parts.push(s.slice(beg));
    return parts;
  }

  /** Regexp.Expand of a `$1`/`${name}` template for one match. */
  expand(template: string, m: RegExpExecArray): string {
    return expandTemplate(template, m, this.groupNames);
  }
}
