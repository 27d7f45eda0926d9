/**
 * Renders plain JSON-like values as YAML exactly as kustomize prints them. kustomize marshals
 * each resource to JSON and back through a go-yaml v2 encoder, so the output has: map keys in
 * that encoder's "natural" order (non-letters first, digit runs compared as numbers), sequences
 * indented level with their parent key, YAML 1.1 quoting (y/n/on/off are quoted), literal block
 * scalars for multi-line strings, and long plain or quoted scalars folded past column 80.
 */

const BEST_WIDTH = 80;

/** Go v2's key order: letters after non-letters, runs of digits compared by value. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return keyLess(a, b) ? -1 : 1;
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const YAML11_WORDS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
]);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const DATE_RE = /^\d{4}-\d{1,2}-\d{1,2}(?:$|[Tt ]\d)/;

/** Go's strconv.ParseInt/ParseUint with base 0 succeeding on the text (range included). */
export function goParsesAsInt(s: string): boolean {
  let t = s;
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let digits: RegExp;
  let body = t;
  let base = 10;
  if (/^0[xX]/.test(t)) [digits, body, base] = [/^[0-9a-fA-F]+$/, t.slice(2), 16];
  else if (/^0[oO]/.test(t)) [digits, body, base] = [/^[0-7]+$/, t.slice(2), 8];
  else if (/^0[bB]/.test(t)) [digits, body, base] = [/^[01]+$/, t.slice(2), 2];
  else if (/^0[0-9]/.test(t)) [digits, body, base] = [/^[0-7]+$/, t.slice(1), 8];
  else digits = /^[0-9]+$/;
  if (!digits.test(body)) return false;
  let v = 0n;
  for (const c of body) v = v * BigInt(base) + BigInt(Number.parseInt(c, 16));
  return neg ? v <= 2n ** 63n : v < 2n ** 64n;
}

/** Whether go-yaml v2 would read the plain text back as something other than a string. */
function resolvesNonString(s: string): boolean {
  if (YAML11_WORDS.has(s)) return true;
  const c = s[0];
  if (c === '.') return !Number.isNaN(Number(s)) && FLOAT_RE.test(s);
  if (c === '+' || c === '-' || isDigit(c)) {
    if (DATE_RE.test(s) && isGoTimestamp(s)) return true;
    const plain = s.replaceAll('_', '');
    if (goParsesAsInt(plain)) return true;
    if (FLOAT_RE.test(plain) && Number.isFinite(Number(plain))) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
    if (BASE60_RE.test(s)) return true;
  }
  return false;
}

function isGoTimestamp(s: string): boolean {
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(s)
  );
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isPrintable = (cp: number): boolean =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
const isBreak = (c: string): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';

function analyze(s: string): ScalarAnalysis {
  if (s.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWs = next === undefined || next === ' ' || next === '\t' || isBreak(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockInd = true;
      else if ((c === '?' || c === ':') && followedByWs) blockInd = true;
      else if (c === '-' && followedByWs) blockInd = true;
    } else if (c === ':' && followedByWs) blockInd = true;
    else if (c === '#' && precededByWs) blockInd = true;
    const cp = c.codePointAt(0)!;
    if (!isPrintable(cp)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = c === ' ' || c === '\t' || isBreak(c);
  }
  const r: ScalarAnalysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) r.blockPlain = false;
  if (trailingSpace) r.block = false;
  if (breakSpace) {
    r.blockPlain = false;
    r.singleQuoted = false;
  }
  if (spaceBreak || special) {
    r.blockPlain = false;
    r.singleQuoted = false;
    r.block = false;
  }
  if (lineBreaks || blockInd) r.blockPlain = false;
  return r;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function chooseStyle(s: string, simpleKey: boolean): Style {
  let style: Style = s.includes('\n')
    ? 'literal'
    : resolvesNonString(s) || BASE60_RE.test(s)
      ? 'double'
      : 'plain';
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (s.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** Output buffer that tracks the column the way the Go emitter does (one per character). */
class Writer {
  out = '';
  column = 0;
  /** Set right after a line break inside a scalar: the next line needs only its indent. */
  afterBreak = false;
  put(text: string): void {
    this.out += text;
    this.column += text.length;
    this.afterBreak = false;
  }
  putChars(text: string, count: number): void {
    this.out += text;
    this.column += count;
    this.afterBreak = false;
  }
  /** Writes a line break character of a scalar (a newline or a Unicode separator). */
  lineBreak(c: string): void {
    this.out += c;
    this.column = 0;
    this.afterBreak = true;
  }
  newline(indent: number): void {
    // after a scalar's own line break the Go emitter only indents
    if (!(this.afterBreak && this.column <= indent)) {
      this.out += '\n';
      this.column = 0;
    }
    this.out += ' '.repeat(indent - this.column);
    this.column = indent;
    this.afterBreak = false;
  }
}

function escapeAlways(c: string): string {
  const cp = c.codePointAt(0)!;
  const named = NAMED_ESCAPES[cp];
  if (named !== undefined) return `\\${named}`;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** Go's named escapes in double-quoted scalars, by code point. */
const NAMED_ESCAPES: Record<number, string> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  34: '"',
  92: '\\',
  133: 'N',
  160: '_',
  8232: 'L',
  8233: 'P',
};

function escapeDouble(c: string): string | undefined {
  const cp = c.codePointAt(0)!;
  // only non-printable characters, the BOM, line breaks, quotes and backslashes are escaped
  if (isPrintable(cp) && cp !== 0xfeff && !isBreak(c) && c !== '"' && c !== '\\') return undefined;
  return escapeAlways(c);
}

/**
 * kustomize prints through JSON text that a YAML parser reads back: a raw NEL (U+0085) inside a
 * JSON string is a line break to that parser, folded like any break in a quoted scalar (spaces
 * around it dropped, one break becomes a space, n breaks become n-1 newlines).
 */
function foldNel(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/ *(?:\u0085 *)+/g, (run) => {
    const n = run.split('\u0085').length - 1;
    return n === 1 ? ' ' : '\n'.repeat(n - 1);
  });
}

const UNREADABLE =
  /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first string in a value that kustomize cannot print (its YAML reader refuses DEL and C1
 * control characters that JSON leaves raw), or undefined when everything can be printed.
 */
export function findUnprintable(v: unknown): string | undefined {
  if (typeof v === 'string') return UNREADABLE.test(v) ? v : undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const bad = findUnprintable(x);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const bad = findUnprintable(k) ?? findUnprintable(x);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function writeScalarString(w: Writer, raw: string, indent: number, simpleKey: boolean): void {
  const s = foldNel(raw);
  const style = chooseStyle(s, simpleKey);
  const chars = [...s];
  const allowBreaks = !simpleKey;
  if (style === 'plain') {
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && w.column > BEST_WIDTH && chars[i + 1] !== ' ') w.newline(indent);
        else w.putChars(c, 1);
        spaces = true;
      } else {
        w.putChars(c, 1);
        spaces = false;
      }
    }
    return;
  }
  if (style === 'single') {
    w.put("'");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isBreak(c)) {
        // a line or paragraph separator is written as is and the next text indented
        w.lineBreak(c);
        breaks = true;
        continue;
      }
      if (breaks && c !== ' ') {
        if (w.column > indent) w.newline(indent);
        else w.put(' '.repeat(indent - w.column));
        breaks = false;
      }
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          w.column > BEST_WIDTH &&
          i > 0 &&
          i < chars.length - 1 &&
          chars[i + 1] !== ' '
        )
          w.newline(indent);
        else w.putChars(c, 1);
        spaces = true;
      } else {
        if (c === "'") w.put("'");
        w.putChars(c, 1);
        spaces = false;
      }
    }
    w.put("'");
    return;
  }
  if (style === 'double') {
    w.put('"');
    let spaces = false;
    // the Go emitter tests for a byte order mark at the start of the whole value, not at each
    // character, so a value that starts with one has every character escaped
    const escapeAll = s.startsWith('\ufeff');
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const esc = escapeAll ? escapeAlways(c) : escapeDouble(c);
      if (esc !== undefined) {
        w.put(esc);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          w.newline(indent);
          if (chars[i + 1] === ' ') w.put('\\');
        } else w.putChars(c, 1);
        spaces = true;
      } else {
        w.putChars(c, 1);
        spaces = false;
      }
    }
    w.put('"');
    return;
  }
  // literal block scalar
  let header = '|';
  if (s[0] === ' ' || isBreak(s[0])) header += '2';
  const last = chars[chars.length - 1];
  if (!isBreak(last)) header += '-';
  else if (chars.length === 1 || isBreak(chars[chars.length - 2])) header += '+';
  w.put(header);
  w.lineBreak('\n');
  let breaks = true;
  for (const c of chars) {
    if (isBreak(c)) {
      // only a newline starts a new output line; other separators are copied as they are
      w.lineBreak(c);
      breaks = true;
    } else {
      if (breaks) w.put(' '.repeat(indent));
      w.putChars(c, 1);
      breaks = false;
    }
  }
}

/** go-yaml v2's float text: strconv 'g' with the shortest digits. */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  const [mant, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

/** A number as kustomize prints it after its JSON round trip. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 63) return BigInt(x).toString();
  if (Number.isInteger(x) && x > 0 && x < 2 ** 64) return BigInt(x).toString();
  return goFloat(x);
}

function isEmptyCollection(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (v !== null && typeof v === 'object') return Object.keys(v).length === 0 ? '{}' : undefined;
  return undefined;
}

function writeScalar(w: Writer, v: unknown, indent: number, simpleKey: boolean): void {
  if (v === null || v === undefined) w.put('null');
  else if (typeof v === 'boolean') w.put(v ? 'true' : 'false');
  else if (typeof v === 'number') w.put(formatNumber(v));
  else if (typeof v === 'bigint') w.put(v.toString());
  else writeScalarString(w, String(v), indent, simpleKey);
}

const isCollection = (v: unknown): v is object => v !== null && typeof v === 'object';

/** Writes a mapping whose first key is already positioned (inline) when `inline` is set. */
function writeMapping(w: Writer, m: Record<string, unknown>, indent: number, inline: boolean): void {
  const keys = Object.keys(m).sort(compareKeys);
  keys.forEach((k, i) => {
    if (i > 0 || !inline) w.newline(indent);
    if (isSimpleKey(k)) {
      writeScalarString(w, k, indent, true);
      w.put(':');
      writeValue(w, m[k], indent, 'map');
      return;
    }
    // long or multi-line keys are written as explicit `? key` / `: value` pairs
    w.put('? ');
    writeScalarString(w, k, indent + 2, false);
    w.newline(indent);
    w.put(':');
    writeValue(w, m[k], indent, 'seq');
  });
}

/** The Go emitter writes a key inline only when it is one line of at most 128 bytes. */
function isSimpleKey(k: string): boolean {
  return Buffer.byteLength(k) <= 128 && !analyze(foldNel(k)).multiline;
}

function writeSequence(w: Writer, s: unknown[], indent: number, inline: boolean): void {
  s.forEach((item, i) => {
    if (i > 0 || !inline) w.newline(indent);
    w.put('-');
    writeValue(w, item, indent, 'seq');
  });
}

/** Writes the value after `key:` or `-` at the parent's indent. */
function writeValue(w: Writer, v: unknown, indent: number, parent: 'map' | 'seq'): void {
  const empty = isEmptyCollection(v);
  if (empty !== undefined) {
    w.put(` ${empty}`);
    return;
  }
  if (Array.isArray(v)) {
    if (parent === 'map') writeSequence(w, v, indent, false);
    else {
      w.put(' ');
      writeSequence(w, v, indent + 2, true);
    }
    return;
  }
  if (isCollection(v)) {
    if (parent === 'map') writeMapping(w, v as Record<string, unknown>, indent + 2, false);
    else {
      w.put(' ');
      writeMapping(w, v as Record<string, unknown>, indent + 2, true);
    }
    return;
  }
  w.put(' ');
  writeScalar(w, v, indent + 2, false);
}

/** One document (no separator), ending with a newline, as kustomize prints a resource. */
export function emitYamlDocument(value: unknown): string {
  const w = new Writer();
  const empty = isEmptyCollection(value);
  if (empty !== undefined) w.put(empty);
  else if (Array.isArray(value)) writeSequence(w, value, 0, true);
  else if (isCollection(value)) writeMapping(w, value as Record<string, unknown>, 0, true);
  else writeScalar(w, value, 0, false);
  return w.out.endsWith('\n') ? w.out : `${w.out}\n`;
}

/** Several documents joined by `---` lines, the multi-document stream `kubectl kustomize` prints. */
export function emitYamlStream(values: unknown[]): string {
  return values.map(emitYamlDocument).join('---\n');
}
