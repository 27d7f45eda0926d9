/**
 * The lexer of Go's template language: splits template text into text runs and action tokens,
 * handling `{{-`/`-}}` trim markers and comments. Produces the whole token list up front; the
 * parser walks it with lookahead.
 */

/** Token kinds. */
export type TokenKind =
  | 'error'
  | 'bool'
  | 'char'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | 'comment'
  | 'charConst'
  | 'complex'
  | 'keyword'
  | 'dot';

/** A token: kind, text, byte offset in the template and 1-based line. */
export interface Token {
  kind: TokenKind;
  val: string;
  pos: number;
  line: number;
}

const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlnum(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) {
    return (
      (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95
    );
  }
  return /[\p{L}\p{Nd}]/u.test(c);
}

/**
 * Lexes a template into tokens ending with `eof` or `error`. Comments leave no token (Go keeps
 * them only in its ParseComments mode, which execution never uses).
 */
export function lex(text: string, leftDelim = '{{', rightDelim = '}}'): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  const emit = (kind: TokenKind, val?: string) => {
    tokens.push({ kind, val: val ?? text.slice(start, pos), pos: start, line: startLine });
    start = pos;
    startLine = line;
  };
  const advance = (n: number) => {
    for (let i = 0; i < n; i++) if (text[pos + i] === '\n') line++;
    pos += n;
  };
  const ignore = () => {
    start = pos;
    startLine = line;
  };
  const fail = (msg: string): Token[] => {
    tokens.push({ kind: 'error', val: msg, pos: start, line: startLine });
    return tokens;
  };
  const hasLeftTrim = (at: number) =>
    text.startsWith('-', at + leftDelim.length) && isSpace(text[at + leftDelim.length + 1] ?? '');
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (isSpace(text[pos] ?? '') && text.startsWith('-', pos + 1) && text.startsWith(rightDelim, pos + 2)) {
      return { delim: true, trim: true };
    }
    return { delim: text.startsWith(rightDelim, pos), trim: false };
  };
  const atTerminator = (): boolean => {
    const c = text[pos];
    if (c === undefined || isSpace(c) || '.,|:)('.includes(c)) return true;
    return text.startsWith(rightDelim, pos);
  };
  /** Advances over a quoted string or character constant to its closing quote; false if unterminated. */
  const scanQuoted = (quote: string): boolean => {
    advance(1);
    for (;;) {
      const d = text[pos];
      if (d === '\\') {
        advance(1);
        if (pos >= text.length || text[pos] === '\n') return false;
        advance(1);
        continue;
      }
      if (d === undefined || d === '\n') return false;
      advance(1);
      if (d === quote) return true;
    }
  };
  const badChar = (): Token[] => fail(`bad character ${quoteRune(text.codePointAt(pos)!)}`);

  for (;;) {
    // Text up to the next left delimiter.
    const next = text.indexOf(leftDelim, pos);
    if (next < 0) {
      advance(text.length - pos);
      if (pos > start) emit('text');
      tokens.push({ kind: 'eof', val: '', pos, line });
      return tokens;
    }
    advance(next - pos);
    const trim = hasLeftTrim(pos);
    if (pos > start) {
      let end = pos;
      if (trim) while (end > start && isSpace(text[end - 1])) end--;
      // the line count of the text token is the line where it starts
      tokens.push({ kind: 'text', val: text.slice(start, end), pos: start, line: startLine });
      start = pos;
      startLine = line;
    }
    // Left delimiter.
    advance(leftDelim.length);
    if (trim) advance(2);
    // emit leftDelim with position of the delimiter itself
    tokens.push({ kind: 'leftDelim', val: leftDelim, pos: next, line: startLine });
    ignore();
    // Comment?
    if (text.startsWith('/*', pos)) {
      const end = text.indexOf('*/', pos + 2);
      if (end < 0) return fail('unclosed comment');
      advance(end + 2 - pos);
      const rd = atRightDelim();
      if (!rd.delim) return fail('comment ends before closing delimiter');
      if (rd.trim) advance(2);
      advance(rightDelim.length);
      // a comment is a whole action that yields nothing: drop its left delimiter too
      tokens.pop();
      ignore();
      if (rd.trim) {
        while (isSpace(text[pos] ?? '')) advance(1);
        ignore();
      }
      continue;
    }
    // Inside an action.
    let parenDepth = 0;
    for (;;) {
      const rd = atRightDelim();
      if (rd.delim && parenDepth === 0) {
        if (rd.trim) {
          advance(2);
          ignore();
        }
        advance(rightDelim.length);
        emit('rightDelim');
        if (rd.trim) {
          while (isSpace(text[pos] ?? '')) advance(1);
          ignore();
        }
        break;
      }
      if (rd.delim && parenDepth > 0) return fail('unclosed left paren');
      if (pos >= text.length) return fail('unclosed action');
      const c = text[pos];
      if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
        while (pos < text.length && isSpace(text[pos])) {
          if (atRightDelim().trim) break;
          advance(1);
        }
        emit('space');
        continue;
      }
      const single = SINGLE_CHAR_TOKENS[c];
      if (single) {
        advance(1);
        emit(single);
        continue;
      }
      if (c === ':') {
        if (text[pos + 1] !== '=') return fail('expected :=');
        advance(2);
        emit('declare');
        continue;
      }
      const quoted = QUOTED_TOKENS[c];
      if (quoted) {
        if (!scanQuoted(c)) return fail(`unterminated ${quoted.what}`);
        emit(quoted.kind);
        continue;
      }
      if (c === '`') {
        advance(1);
        const end = text.indexOf('`', pos);
        if (end < 0) return fail('unterminated raw quoted string');
        advance(end + 1 - pos);
        emit('rawString');
        continue;
      }
      if (c === '$') {
        advance(1);
        while (pos < text.length && isAlnum(text[pos])) advance(1);
        if (!atTerminator()) return badChar();
        emit('variable');
        continue;
      }
      if (c === '.') {
        const d = text[pos + 1] ?? '';
        if (d < '0' || d > '9') {
          advance(1);
          if (atTerminator()) {
            emit('dot');
            continue;
          }
          while (pos < text.length && isAlnum(text[pos])) advance(1);
          if (!atTerminator()) return badChar();
          emit('field');
          continue;
        }
      }
      if (c === '+' || c === '-' || (c >= '0' && c <= '9') || c === '.') {
        const n = scanNumber(text, pos);
        if (isAlnum(text[n] ?? '')) {
          advance(n + 1 - pos);
          return fail(`bad number syntax: ${JSON.stringify(text.slice(start, pos))}`);
        }
        advance(n - pos);
        if (text[pos] === '+' || text[pos] === '-') {
          // a complex constant: 1+2i, no spaces, ending in i
          const m = scanNumber(text, pos);
          const bad = isAlnum(text[m] ?? '') || text[m - 1] !== 'i';
          advance(m - pos + (isAlnum(text[m] ?? '') ? 1 : 0));
          if (bad) return fail(`bad number syntax: ${JSON.stringify(text.slice(start, pos))}`);
          emit('complex');
          continue;
        }
        emit('number');
        continue;
      }
      if (isAlnum(c)) {
        while (pos < text.length && isAlnum(text[pos])) advance(1);
        if (!atTerminator()) return badChar();
        const word = text.slice(start, pos);
        // an identifier followed by a field chain is handled by the parser via the next token
        if (KEYWORDS.has(word)) emit('keyword');
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
        // a field immediately after an identifier is lexed as a field token
        continue;
      }
      if (c === '(') {
        advance(1);
        parenDepth++;
        emit('leftParen');
        continue;
      }
      if (c === ')') {
        advance(1);
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rightParen');
        continue;
      }
      const cp = text.codePointAt(pos)!;
      if (cp > 0x20 && cp < 0x7f) {
        advance(1);
        emit('char');
        continue;
      }
      return fail(`unrecognized character in action: ${quoteRune(cp)}`);
    }
  }
}

/** Tokens that are one character with no context. */
const SINGLE_CHAR_TOKENS: Partial<Record<string, TokenKind>> = { '=': 'assign', '|': 'pipe' };

/** Tokens between quotes that a backslash can escape, by opening quote. */
const QUOTED_TOKENS: Partial<Record<string, { kind: TokenKind; what: string }>> = {
  '"': { kind: 'string', what: 'quoted string' },
  "'": { kind: 'charConst', what: 'character constant' },
};

function quoteRune(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (cp < 0x20 || cp === 0x7f) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

/** Scans a Go number literal starting at `pos` (sign, base prefix, digits, fraction, exponent, i). */
function scanNumber(text: string, pos: number): number {
  let p = pos;
  if (text[p] === '+' || text[p] === '-') p++;
  let digits = '0123456789_';
  if (text[p] === '0' && /[xXoObB]/.test(text[p + 1] ?? '')) {
    const b = text[p + 1].toLowerCase();
    p += 2;
    digits = b === 'x' ? '0123456789abcdefABCDEF_' : b === 'o' ? '01234567_' : '01_';
  }
  while (p < text.length && digits.includes(text[p])) p++;
  if (text[p] === '.') {
    p++;
    while (p < text.length && digits.includes(text[p])) p++;
  }
  if (digits.length === 11 && /[eE]/.test(text[p] ?? '')) {
    p++;
    if (text[p] === '+' || text[p] === '-') p++;
    while (p < text.length && '0123456789_'.includes(text[p])) p++;
  }
  if (digits.length > 20 && /[pP]/.test(text[p] ?? '')) {
    p++;
    if (text[p] === '+' || text[p] === '-') p++;
    while (p < text.length && '0123456789_'.includes(text[p])) p++;
  }
  if (text[p] === 'i') p++;
  return p;
}
