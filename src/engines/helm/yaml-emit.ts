import { GoFloat32, GoInt, isMap } from '../gotemplate/index.ts';
import type { GoJsonMarshaler } from './go-json.ts';
import { goJsonFloat } from './go-json.ts';
import { formatGoFloat } from './yaml-read.ts';

/**
 * YAML output byte for byte as Helm's toYaml produces it: sigs.k8s.io/yaml marshals to JSON, reads
 * that back with go-yaml v2 and emits it with go-yaml v2. So keys come out in go-yaml's "natural"
 * order, integral numbers as integers, other numbers in Go's %g form, strings plain when they would
 * read back as strings, else quoted, multi-line strings as literal blocks, long lines folded at 80
 * columns, sequences inside mappings not indented.
 */
export function toYaml(v: unknown): string {
  const e = new Emitter(false);
  const n = toNode(v, false);
  e.node(n, n.t === 'map' || n.t === 'seq' ? 0 : INDENT, 'top');
  return e.out;
}

/**
 * Helm's toYamlPretty: go-yaml v3 encoding the value directly (no JSON round trip), indent 2.
 * Differences from {@link toYaml}: sequences are indented under their key, lines are never
 * folded, and float64 values keep Go's %g form even when integral (1234567 is `1.234567e+06`).
 */
export function toYamlPretty(v: unknown): string {
  const e = new Emitter(true);
  const n = toNode(v, true);
  e.node(n, n.t === 'map' || n.t === 'seq' ? 0 : INDENT, 'top');
  return e.out;
}

function floatNode(f: number): YNode {
  const s = formatGoFloat(f);
  return { t: 'num', text: s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s };
}

type YNode =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'num'; text: string }
  | { t: 'str'; v: string }
  | { t: 'seq'; items: YNode[] }
  | { t: 'map'; entries: [string, YNode][] };

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const UINT64_MAX = 18446744073709551615n;

function numberNode(jsonText: string): YNode {
  if (/^-?\d+$/.test(jsonText)) {
    const b = BigInt(jsonText);
    if ((b >= INT64_MIN && b <= INT64_MAX) || (b >= 0n && b <= UINT64_MAX))
      return { t: 'num', text: b.toString() };
  }
  const f = Number(jsonText);
  const s = formatGoFloat(f);
  return { t: 'num', text: s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s };
}

function toNode(v: unknown, direct: boolean): YNode {
  const rec = (x: unknown) => toNode(x, direct);
  if (v === null || v === undefined) return { t: 'null' };
  switch (typeof v) {
    case 'string':
      return { t: 'str', v };
    case 'boolean':
      return { t: 'bool', v };
    case 'number':
      return direct ? floatNode(v) : numberNode(goJsonFloat(v));
    case 'bigint':
      return numberNode(v.toString());
    case 'function':
      throw new Error('json: unsupported type: func');
  }
  if (v instanceof GoInt) return numberNode(v.value.toString());
  if (v instanceof GoFloat32) return direct ? floatNode(v.value) : numberNode(goJsonFloat(v.value));
  if (v instanceof Uint8Array) return { t: 'str', v: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { t: 'seq', items: v.map(rec) };
  if (isMap(v)) {
    const keys = Object.keys(v).sort(naturalLess);
    return { t: 'map', entries: keys.map((k) => [k, rec((v as Record<string, unknown>)[k])]) };
  }
  const m = (v as Partial<GoJsonMarshaler>).toGoJSON;
  if (typeof m === 'function') return rec(m.call(v));
  return { t: 'map', entries: [] };
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/** go-yaml v2's key order: letters before others, digit runs compared as numbers. */
export function naturalLess(a: string, b: string): number {
  if (a === b) return 0;
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)! ? -1 : 1;
  }
  return ar.length < br.length ? -1 : 1;
}

// ---- scalar resolution: would go-yaml v2 read this plain string back as something else?

const BOOL_OR_NULL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
]);

/** Go's strconv.ParseInt/ParseUint/ParseFloat acceptance after go-yaml removes underscores. */
function isGoNumber(s: string): boolean {
  const p = s.replace(/_/g, '');
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|\d+)$/.test(p)) return true;
  if (/^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)$/.test(p)) return true;
  if (/^[-+]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][-+]?\d+$/.test(p)) return true;
  return false;
}

const TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function resolvesToString(s: string): boolean {
  if (BOOL_OR_NULL.has(s)) return false;
  const c = s[0];
  if ((c >= '0' && c <= '9') || c === '-' || c === '+' || c === '.') {
    if (isGoNumber(s)) return false;
    if (TIMESTAMP.test(s)) return false;
  }
  if (BASE60_FLOAT.test(s)) return false;
  return true;
}

// ---- the emitter

const BEST_WIDTH = 80;
const INDENT = 2;

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

const isBreakCh = (c: string) =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpaceCh = (c: string) => c === ' ';
const isBlankz = (c: string | undefined) =>
  c === undefined || c === ' ' || c === '\t' || isBreakCh(c) || c === '\0';

function isPrintable(c: string): boolean {
  const n = c.codePointAt(0)!;
  if (n === 0x0a) return true;
  if (n >= 0x20 && n <= 0x7e) return true;
  if (n === 0x85) return false;
  if (n >= 0xa0 && n <= 0xd7ff) return true;
  if (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff) return true;
  return false;
}

function analyze(s: string): Analysis {
  if (s.length === 0)
    return { multiline: false, flowPlain: false, blockPlain: true, single: true, block: false };
  const chars = Array.from(s);
  let blockInd = false;
  let flowInd = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  let followedByWs = isBlankz(chars[1]);
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
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowInd = true;
        blockInd = true;
      } else if (c === '?' || c === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      } else if (c === '-' && followedByWs) {
        flowInd = true;
        blockInd = true;
      }
    } else if (',?[]{}'.includes(c)) {
      flowInd = true;
    } else if (c === ':') {
      flowInd = true;
      if (followedByWs) blockInd = true;
    } else if (c === '#' && precededByWs) {
      flowInd = true;
      blockInd = true;
    }
    if (!isPrintable(c)) special = true;
    if (isBreakCh(c)) lineBreaks = true;
    if (isSpaceCh(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCh(c)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(c);
    followedByWs = isBlankz(chars[i + 2]);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.single = false;
  }
  if (spaceBreak || special) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.single = false;
    a.block = false;
  }
  if (lineBreaks) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function chooseStyle(s: string, isKey: boolean): Style {
  let style: Style;
  if (s.includes('\n')) style = 'literal';
  else if (resolvesToString(s) || s === '<<') style = 'plain';
  else style = 'double';
  const a = analyze(s);
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (s.length === 0 && isKey) style = 'single';
  }
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || isKey)) style = 'double';
  return style;
}

class Emitter {
  out = '';
  column = 0;
  /** go-yaml v3 layout: indented sequences, no folding. */
  private readonly v3: boolean;

  constructor(v3: boolean) {
    this.v3 = v3;
  }

  private write(s: string): void {
    this.out += s;
    this.column += Array.from(s).length;
  }

  private newline(indent: number): void {
    this.out += `\n${' '.repeat(indent)}`;
    this.column = indent;
  }

  /**
   * Emits a node. `col` is the column where the node's block lines start (keys of a mapping, dashes
   * of a sequence) and where a scalar's continuation lines go; `ctx` says what precedes it: nothing
   * (the document), `key:` (a mapping value) or `-` (a sequence item).
   */
  node(n: YNode, col: number, ctx: 'top' | 'value' | 'item'): void {
    switch (n.t) {
      case 'null':
      case 'bool':
      case 'num':
      case 'str':
        if (ctx !== 'top') this.write(' ');
        if (n.t === 'str') this.scalar(n.v, col, false);
        else this.write(n.t === 'null' ? 'null' : n.t === 'bool' ? String(n.v) : n.text);
        return;
      case 'seq':
        if (n.items.length === 0) {
          this.write(ctx === 'top' ? '[]' : ' []');
          return;
        }
        n.items.forEach((item, i) => {
          this.startEntry(i, col, ctx);
          this.write('-');
          this.node(item, col + INDENT, 'item');
        });
        return;
      case 'map':
        if (n.entries.length === 0) {
          this.write(ctx === 'top' ? '{}' : ' {}');
          return;
        }
        n.entries.forEach(([k, v], i) => {
          this.startEntry(i, col, ctx);
          this.scalar(k, col + INDENT, true);
          this.write(':');
          if (v.t === 'seq') this.node(v, this.v3 ? col + INDENT : col, 'value');
          else if (v.t === 'map') this.node(v, col + INDENT, 'value');
          else this.node(v, col + INDENT, 'value');
        });
        return;
    }
  }

  private startEntry(i: number, col: number, ctx: 'top' | 'value' | 'item'): void {
    if (i > 0 || ctx === 'value') this.newline(col);
    else if (ctx === 'item') this.write(' ');
  }

  /** Writes a string scalar; `indent` is where continuation lines and block content go. */
  private scalar(s: string, indent: number, isKey: boolean): void {
    const style = chooseStyle(s, isKey);
    if (style === 'plain') this.plain(s, indent, !isKey);
    else if (style === 'single') this.single(s, indent, !isKey);
    else if (style === 'double') this.double(s, indent, !isKey);
    else this.literal(s, indent);
  }

  private plain(s: string, indent: number, allowBreaks: boolean): void {
    const chars = Array.from(s);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !this.v3 && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ')
          this.newline(indent);
        else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
  }

  private single(s: string, indent: number, allowBreaks: boolean): void {
    this.write("'");
    const chars = Array.from(s);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i !== 0 &&
          i !== chars.length - 1 &&
          chars[i + 1] !== ' '
        )
          this.newline(indent);
        else this.write(c);
        spaces = true;
      } else {
        this.write(c === "'" ? "''" : c);
        spaces = false;
      }
    }
    this.write("'");
  }

  private double(s: string, indent: number, allowBreaks: boolean): void {
    this.write('"');
    const chars = Array.from(s);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const n = c.codePointAt(0)!;
      if (!isPrintable(c) || n === 0xfeff || isBreakCh(c) || c === '"' || c === '\\') {
        this.write(escapeDouble(c, n));
        spaces = false;
      } else if (c === ' ') {
        if (
          allowBreaks &&
          !this.v3 &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i !== 0 &&
          i !== chars.length - 1
        ) {
          this.newline(indent);
          if (chars[i + 1] === ' ') this.write('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.write('"');
  }

  private literal(s: string, indent: number): void {
    let hints = '';
    const chars = Array.from(s);
    if (chars[0] === ' ' || isBreakCh(chars[0])) hints += String(INDENT);
    const last = chars[chars.length - 1];
    if (!isBreakCh(last)) hints += '-';
    else if (chars.length === 1 || isBreakCh(chars[chars.length - 2])) hints += '+';
    this.write(`|${hints}`);
    let breaks = true;
    this.out += '\n';
    this.column = 0;
    for (const c of chars) {
      if (isBreakCh(c)) {
        this.out += '\n';
        this.column = 0;
        breaks = true;
      } else {
        if (breaks) {
          this.out += ' '.repeat(indent);
          this.column = indent;
          breaks = false;
        }
        this.write(c);
      }
    }
    // the text's own final break ends the scalar; drop it, the next node starts a line anyway
    if (this.out.endsWith('\n')) {
      this.out = this.out.slice(0, -1);
    }
  }
}

function escapeDouble(c: string, n: number): string {
  switch (n) {
    case 0:
      return '\\0';
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 9:
      return '\\t';
    case 10:
      return '\\n';
    case 11:
      return '\\v';
    case 12:
      return '\\f';
    case 13:
      return '\\r';
    case 27:
      return '\\e';
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x85:
      return '\\N';
    case 0xa0:
      return '\\_';
    case 0x2028:
      return '\\L';
    case 0x2029:
      return '\\P';
  }
  void c;
  const hex = n.toString(16).toUpperCase();
  if (n <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (n <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}
