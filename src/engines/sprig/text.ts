/**
 * Text algorithms with Go semantics that sprig's string functions are built on: Unicode classes
 * as Go's unicode package defines them, UTF-8 byte indexing (Go strings are bytes), and the word
 * utilities of Masterminds/goutils (abbreviate, wrap, initials, swap case).
 */

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

/** unicode.IsSpace: Go's white space (note: U+0085 is one, U+FEFF is not). */
export function isSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}
/** unicode.IsUpper. */
export const isUpper = (ch: string): boolean => /^\p{Lu}$/u.test(ch);
/** unicode.IsLower. */
export const isLower = (ch: string): boolean => /^\p{Ll}$/u.test(ch);
/** unicode.IsTitle. */
export const isTitle = (ch: string): boolean => /^\p{Lt}$/u.test(ch);
/** unicode.IsLetter. */
export const isLetter = (ch: string): boolean => /^\p{L}$/u.test(ch);
/** unicode.IsDigit. */
export const isDigit = (ch: string): boolean => /^\p{Nd}$/u.test(ch);
/** unicode.IsNumber. */
export const isNumber = (ch: string): boolean => /^\p{N}$/u.test(ch);
/** unicode.IsPunct. */
export const isPunct = (ch: string): boolean => /^\p{P}$/u.test(ch);

/** unicode.ToUpper of one rune: the simple mapping, so a rune never becomes two (ß stays ß). */
export function runeUpper(ch: string): string {
  const u = ch.toUpperCase();
  return [...u].length === 1 ? u : ch;
}
/** Title-case forms of the Latin digraphs, the runes whose title case differs from upper case. */
const TITLE_DIGRAPHS: Record<string, string> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
};
/** unicode.ToTitle of one rune. */
export const runeTitle = (ch: string): string => TITLE_DIGRAPHS[ch] ?? runeUpper(ch);

/** unicode.ToLower of one rune (simple mapping). */
export function runeLower(ch: string): string {
  if (ch === '\u0130') return 'i';
  const l = ch.toLowerCase();
  return [...l].length === 1 ? l : ch;
}
/** strings.ToUpper. */
export const toUpper = (s: string): string => Array.from(s, runeUpper).join('');
/** strings.ToLower. */
export const toLower = (s: string): string => Array.from(s, runeLower).join('');

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  const runes = [...s];
  let start = 0;
  let end = runes.length;
  while (start < end && isSpace(runes[start])) start++;
  while (end > start && isSpace(runes[end - 1])) end--;
  return runes.slice(start, end).join('');
}

/** strings.Trim(s, cutset): drops leading and trailing runes found in cutset. */
export function trimCutset(s: string, cutset: string): string {
  const cut = new Set(cutset);
  const runes = [...s];
  let start = 0;
  let end = runes.length;
  while (start < end && cut.has(runes[start])) start++;
  while (end > start && cut.has(runes[end - 1])) end--;
  return runes.slice(start, end).join('');
}

/** strings.Title: upper-cases the first letter of each word (words end at Go's separators). */
export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isTitleSeparator(prev) ? runeTitle(ch) : ch;
    prev = ch;
  }
  return out;
}

function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (isLetter(ch) || isDigit(ch)) return false;
  return isSpace(ch);
}

/** goutils.Uncapitalize: lower-cases the first rune of each space-separated word. */
export function uncapitalize(s: string): string {
  let next = true;
  let out = '';
  for (const ch of s) {
    if (isSpace(ch)) {
      next = true;
      out += ch;
    } else if (next) {
      out += runeLower(ch);
      next = false;
    } else out += ch;
  }
  return out;
}

/**
 * goutils.SwapCase: upper and title case to lower; lower to title case at the start of a word
 * (after white space) and to upper case elsewhere.
 */
export function swapCase(s: string): string {
  let wordStart = true;
  let out = '';
  for (const ch of s) {
    if (isUpper(ch) || isTitle(ch)) {
      out += runeLower(ch);
      wordStart = false;
    } else if (isLower(ch)) {
      out += wordStart ? runeTitle(ch) : runeUpper(ch);
      wordStart = false;
    } else {
      out += ch;
      wordStart = isSpace(ch);
    }
  }
  return out;
}

/** UTF-8 bytes of a string (Go strings are byte sequences; sprig indexes them by byte). */
export const bytesOf = (s: string): Buffer => Buffer.from(s, 'utf8');
/**
 * A string from UTF-8 bytes. Invalid bytes become U+FFFD one byte at a time, as Go's decoders (and
 * its JSON encoder, through which outputs are compared) treat them.
 */
export function textOf(b: Uint8Array): string {
  const fast = Buffer.from(b).toString('utf8');
  if (!fast.includes('\ufffd')) return fast;
  let out = '';
  for (let i = 0; i < b.length; ) {
    const n = validSequenceLength(b, i);
    out += n === 0 ? '\ufffd' : Buffer.from(b.subarray(i, i + n)).toString('utf8');
    i += Math.max(n, 1);
  }
  return out;
}

/** The length of the valid UTF-8 sequence at b[i] (Go's utf8.DecodeRune rules), or 0 if invalid. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Go byte-wise loops that write `rune(str[i])` turn each byte into a Latin-1 rune; these helpers
 * keep that quirk (goutils.Initials and DeleteWhiteSpace use it).
 */
const byteRune = (b: number): string => String.fromCharCode(b);

/** goutils.Initials: the first byte of each space-separated word. */
export function initials(s: string): string {
  let gap = true;
  let out = '';
  for (const b of bytesOf(s)) {
    const ch = byteRune(b);
    if (isSpace(ch)) gap = true;
    else if (gap) {
      out += ch;
      gap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace: drops white space, testing byte by byte. */
export function deleteWhiteSpace(s: string): string {
  const bytes = bytesOf(s);
  let out = '';
  let kept = 0;
  for (const b of bytes) {
    const ch = byteRune(b);
    if (!isSpace(ch)) {
      out += ch;
      kept++;
    }
  }
  return kept === bytes.length ? s : out;
}

/** goutils.AbbreviateFull: shortens to maxWidth bytes with `...`, keeping `offset` in view. */
export function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  const b = bytesOf(s);
  const len = b.length;
  if (len === 0) return '';
  if (maxWidth < 4) return '';
  if (len <= maxWidth) return s;
  let off = Math.min(offset, len);
  if (len - off < maxWidth - 3) off = len - (maxWidth - 3);
  if (off <= 4) return textOf(b.subarray(0, maxWidth - 3)) + '...';
  if (maxWidth < 7) return '';
  if (off + maxWidth - 3 < len) return '...' + abbreviateFull(textOf(b.subarray(off)), 0, maxWidth - 3);
  return '...' + textOf(b.subarray(len - (maxWidth - 3)));
}

/**
 * goutils.WrapCustom: wraps at spaces so lines fit `width` bytes; long words are cut when
 * `wrapLong` is set, else left whole.
 */
export function wrapCustom(s: string, width: number, newline: string, wrapLong: boolean): string {
  if (s === '') return '';
  const nl = newline === '' ? '\n' : newline;
  const w = Math.max(width, 1);
  const b = bytesOf(s);
  const len = b.length;
  const SPACE = 0x20;
  let offset = 0;
  let out = '';
  while (len - offset > w) {
    if (b[offset] === SPACE) {
      offset++;
      continue;
    }
    const window = b.subarray(offset, w + offset + 1);
    const at = window.lastIndexOf(SPACE) + offset;
    if (at >= offset) {
      out += textOf(b.subarray(offset, at)) + nl;
      offset = at + 1;
    } else if (wrapLong) {
      out += textOf(b.subarray(offset, offset + w)) + nl;
      offset += w;
    } else {
      const next = b.indexOf(SPACE, offset + w);
      if (next === -1) {
        out += textOf(b.subarray(offset));
        offset = len;
      } else {
        out += textOf(b.subarray(offset, next)) + nl;
        offset = next + 1;
      }
    }
  }
  return out + textOf(b.subarray(offset));
}

/** Orders strings by code point (= UTF-8 byte order, Go's string order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** strings.Split(s, sep); an empty sep splits into runes. n limits the pieces (strings.SplitN); -1 = all. */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = [...s];
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** strings.Replace(s, old, new, -1); an empty `old` inserts `new` around every rune. */
export function replaceAll(s: string, old: string, replacement: string): string {
  if (old === '') {
    const runes = [...s];
    return replacement + runes.map((r) => r + replacement).join('');
  }
  return s.split(old).join(replacement);
}
