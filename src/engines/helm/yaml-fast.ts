/**
 * A fast reader for the plain YAML most charts and manifests are written in: block mappings and
 * sequences, plain and quoted one-line scalars, one-line flow collections, literal and folded
 * block scalars, comments. It resolves scalars with the same YAML 1.1 rules as the full reader in
 * yaml-read.ts and returns `undefined` for anything else (anchors, tags, multi-line plain or
 * quoted scalars, complex keys, odd indentation), so the caller falls back to the full parser,
 * which also produces the error messages. Parsing YAML is most of the cost of loading a chart.
 */

/** Marker for "not handled here": the caller must use the full parser. One shared instance, so
 * bailing out costs no stack capture. */
class Bail {}
const BAIL = new Bail();
const bail = (): never => {
  throw BAIL;
};

/** A block sequence item: `-` alone or followed by a space. */
const isDashLine = (text: string) => text === '-' || text.startsWith('- ');

interface Line {
  indent: number;
  /** Text after the indentation, comments not yet removed. */
  text: string;
  /** Line number (for error-free bookkeeping only). */
  n: number;
}

/** Parses the first document of `text`; `undefined` when the text needs the full parser. */
export function parseYamlFast(text: string): { value: unknown } | undefined {
  try {
    return { value: parseDocument(text) };
  } catch (e: unknown) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

function parseDocument(text: string): unknown {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) bail();
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const lines: Line[] = [];
  let started = false;
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i];
    if (l.startsWith('---')) {
      if (l !== '---' && !l.startsWith('--- ')) bail();
      if (started || lines.length > 0) break;
      started = true;
      if (l.slice(3).trim() !== '' && !l.slice(3).trim().startsWith('#')) bail();
      continue;
    }
    if (l === '...' || l.startsWith('... ')) break;
    if (l.startsWith('%')) bail();
    const trimmed = l.trimStart();
    lines.push({ indent: l.length - trimmed.length, text: trimmed.trimEnd(), n: i });
  }
  const p = new FastParser(lines);
  p.skipBlank();
  if (p.done()) return null;
  const v = p.block(p.peek().indent);
  p.skipBlank();
  if (!p.done()) bail();
  return v;
}

const isBlank = (l: Line) => l.text === '' || l.text.startsWith('#');

class FastParser {
  private i = 0;
  private readonly lines: Line[];
  constructor(lines: Line[]) {
    this.lines = lines;
  }
  done(): boolean {
    return this.i >= this.lines.length;
  }
  peek(): Line {
    return this.lines[this.i];
  }
  skipBlank(): void {
    while (this.i < this.lines.length && isBlank(this.lines[this.i])) this.i++;
  }

  /** A block node whose lines start at exactly `indent`. */
  block(indent: number): unknown {
    const l = this.peek();
    if (l.indent !== indent) bail();
    if (isDashLine(l.text)) return this.sequence(indent);
    if (!isMappingLine(l.text)) {
      // a scalar or flow collection on its own line below its key
      this.i++;
      return this.inlineValue(l.text, indent - 1);
    }
    return this.mapping(indent);
  }

  /** The next line of the block at `indent`, or undefined where that block ends (a deeper line bails). */
  private lineAt(indent: number): Line | undefined {
    this.skipBlank();
    if (this.done()) return undefined;
    const l = this.peek();
    if (l.indent < indent) return undefined;
    if (l.indent > indent) bail();
    return l;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const l = this.lineAt(indent);
      if (!l || !isDashLine(l.text)) break;
      const rest = l.text.slice(1).trimStart();
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        out.push(this.nested(indent, true));
        continue;
      }
      // the item's content continues as if it were a line indented past the dash
      const offset = l.text.length - rest.length;
      this.lines[this.i] = { indent: indent + offset, text: rest, n: l.n };
      if (isDashLine(rest)) out.push(this.sequence(indent + offset));
      else if (isMappingLine(rest)) out.push(this.mapping(indent + offset));
      else {
        this.i++;
        out.push(this.inlineValue(rest, indent));
      }
    }
    return out;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const l = this.lineAt(indent);
      if (!l || isDashLine(l.text)) break;
      const { key, rest } = splitKey(l.text);
      if (key === '<<') bail();
      this.i++;
      if (rest === '' || rest.startsWith('#')) out[key] = this.nested(indent, false);
      else out[key] = this.inlineValue(rest, indent);
    }
    return out;
  }

  /** The value of `key:` or `-` given on the following lines (or null when there are none). */
  private nested(parentIndent: number, inSequence: boolean): unknown {
    this.skipBlank();
    if (this.done()) return null;
    const l = this.peek();
    if (l.indent > parentIndent) return this.block(l.indent);
    // a sequence may sit at its key's indentation
    if (!inSequence && l.indent === parentIndent && isDashLine(l.text)) {
      return this.sequence(parentIndent);
    }
    return null;
  }

  /** A value that starts on the current line after `key:` or `- `. */
  private inlineValue(rest: string, parentIndent: number): unknown {
    const c = rest[0];
    if (c === '|' || c === '>') return this.blockScalar(rest, parentIndent);
    if ('&*!?@`%,:'.includes(c) || isDashLine(rest)) bail();
    if (c === '[' || c === '{') {
      const fp = new FlowParser(stripTrailingComment(rest));
      const v = fp.value();
      if (!fp.atEnd()) bail();
      this.noContinuation(parentIndent);
      return v;
    }
    if (c === '"' || c === "'") {
      const { value, end } = quoted(rest, 0);
      const after = rest.slice(end).trim();
      if (after !== '' && !after.startsWith('#')) bail();
      this.noContinuation(parentIndent);
      return value;
    }
    const s = stripTrailingComment(rest);
    if (s.includes(': ') || s.endsWith(':')) bail();
    this.noContinuation(parentIndent);
    return resolvePlain(s);
  }

  /** Refuses multi-line plain scalars: a following line indented past the parent continues the value. */
  private noContinuation(parentIndent: number): void {
    let j = this.i;
    while (j < this.lines.length && this.lines[j].text === '') j++;
    if (j < this.lines.length && this.lines[j].indent > parentIndent && !this.lines[j].text.startsWith('#'))
      bail();
  }

  private blockScalar(header: string, parentIndent: number): string {
    const m = /^([|>])([-+]?)(?:\s+#.*)?$/.exec(header);
    if (!m) bail();
    const folded = m![1] === '>';
    const chomp = m![2];
    const body: string[] = [];
    let contentIndent = -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.text === '') {
        // a whitespace-only line may carry spaces that belong to the content
        if (l.indent > 0) bail();
        body.push('');
        this.i++;
        continue;
      }
      if (l.indent <= parentIndent) break;
      if (contentIndent < 0) contentIndent = l.indent;
      if (l.indent < contentIndent) bail();
      body.push(' '.repeat(l.indent - contentIndent) + l.text);
      this.i++;
    }
    // blank lines counted above keep their raw text empty; trailing ones belong to chomping
    let end = body.length;
    while (end > 0 && body[end - 1] === '') end--;
    const trailingBlank = body.length - end;
    const content = body.slice(0, end);
    if (content.some((l) => l.startsWith(' ') && folded)) bail();
    let text: string;
    if (folded) {
      text = '';
      for (let k = 0; k < content.length; k++) {
        if (k === 0) text = content[k];
        else if (content[k] === '') text += '\n';
        else text += content[k - 1] === '' ? content[k] : ` ${content[k]}`;
      }
    } else text = content.join('\n');
    if (content.length === 0) return chomp === '+' ? '\n'.repeat(trailingBlank) : '';
    if (chomp === '-') return text;
    if (chomp === '+') return `${text}\n${'\n'.repeat(trailingBlank)}`;
    return `${text}\n`;
  }
}

function isMappingLine(text: string): boolean {
  try {
    splitKey(text);
    return true;
  } catch (e: unknown) {
    if (e instanceof Bail) return false;
    throw e;
  }
}

/** Splits `key: rest`; the key is plain or quoted and resolves like a scalar, stringified. */
function splitKey(text: string): { key: string; rest: string } {
  let keyText: string;
  let k: unknown;
  let after: string;
  if (text[0] === '"' || text[0] === "'") {
    const { value, end } = quoted(text, 0);
    k = value;
    after = text.slice(end);
    if (!after.startsWith(':')) bail();
    keyText = '';
  } else {
    const idx = findKeyColon(text);
    if (idx < 0) bail();
    keyText = text.slice(0, idx).trimEnd();
    after = text.slice(idx);
    const first = keyText[0] ?? '#';
    if ('[{&*!|>%@`?#,:'.includes(first)) bail();
    if (first === '-' && (keyText.length === 1 || keyText[1] === ' ')) bail();
    k = resolvePlain(keyText);
  }
  if (after.length > 1 && after[1] !== ' ') bail();
  if (k === null) bail();
  const rest = after.slice(1).trimStart();
  void keyText;
  return { key: typeof k === 'string' ? k : String(k), rest };
}

/** Index of the `:` ending a plain key (followed by a space or the end of line), or -1. */
function findKeyColon(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#' && i > 0 && text[i - 1] === ' ') return -1;
    if (c === ':' && (i + 1 === text.length || text[i + 1] === ' ')) return i;
  }
  return -1;
}

function stripTrailingComment(s: string): string {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '#' && s[i - 1] === ' ') return s.slice(0, i).trimEnd();
  }
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** A quoted scalar starting at `start` on one line. */
function quoted(s: string, start: number): { value: string; end: number } {
  const q = s[start];
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (q === "'") {
      if (c === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        return { value: out, end: i + 1 };
      }
      out += c;
      i++;
      continue;
    }
    if (c === '"') return { value: out, end: i + 1 };
    if (c === '\\') {
      const e = s[i + 1];
      if (e === undefined) bail();
      if (e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
        continue;
      }
      const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (len === 0) bail();
      const hex = s.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) bail();
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += 2 + len;
      continue;
    }
    out += c;
    i++;
  }
  return bail();
}

/** One-line flow collections of plain and quoted scalars. */
class FlowParser {
  private i = 0;
  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }
  atEnd(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }
  private ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '[') {
      const out: unknown[] = [];
      this.flowItems(']', () => out.push(this.value()));
      return out;
    }
    if (c === '{') {
      const out: Record<string, unknown> = {};
      this.flowItems('}', () => {
        const k = this.scalar(true);
        this.ws();
        if (this.s[this.i] !== ':') bail();
        this.i++;
        const v = this.value();
        if (k === null) bail();
        out[typeof k === 'string' ? k : String(k)] = v;
      });
      return out;
    }
    return this.scalar(false);
  }
  /** Reads a flow collection from its opening bracket to `close`, items separated by commas (a trailing one allowed). */
  private flowItems(close: string, item: () => void): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      this.ws();
      const d = this.s[this.i++];
      if (d === close) return;
      if (d !== ',') bail();
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        return;
      }
    }
  }
  private scalar(isKey: boolean): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '"' || c === "'") {
      const { value, end } = quoted(this.s, this.i);
      this.i = end;
      return value;
    }
    if (c === undefined || '[]{},&*!|>?%@`#'.includes(c)) bail();
    let j = this.i;
    while (j < this.s.length) {
      const d = this.s[j];
      if (d === ',' || d === ']' || d === '}') break;
      if (d === ':' && (isKey || this.s[j + 1] === ' ' || this.s[j + 1] === undefined)) break;
      if (d === '#' && this.s[j - 1] === ' ') bail();
      j++;
    }
    const text = this.s.slice(this.i, j).trim();
    this.i = j;
    if (text === '') bail();
    return resolvePlain(text);
  }
}

// Scalar resolution: YAML 1.1 as the full reader is configured (timestamps and base 60 stay strings).
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;

function resolvePlain(s: string): unknown {
  if (NULLS.has(s)) return null;
  const c = s[0];
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  if ((c >= '0' && c <= '9') || c === '-' || c === '+' || c === '.') {
    // leave every number form to the full parser except plain decimals and simple floats, whose
    // conversion is unambiguous
    if (INT_BIN.test(s) || INT_OCT.test(s) || INT_HEX.test(s) || FLOAT_SPECIAL.test(s)) bail();
    if (INT_DEC.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s)) {
      if (s.includes('_')) bail();
      const n = Number(s);
      if (Number.isNaN(n)) bail();
      return n;
    }
  }
  return s;
}
