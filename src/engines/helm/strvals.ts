import { toError } from '../errors/index.ts';
import { GoInt } from '../gotemplate/index.ts';
import { isTable, type Values } from './coalesce.ts';

/** How --set-style values are typed: `--set` (typed), `--set-string`, `--set-file`, `--set-literal`, `--set-json`. */
export type SetMode = 'typed' | 'string' | 'file' | 'literal' | 'json';

/** Helm refuses list indexes above this, so `a[99999999]=x` cannot exhaust memory. */
const MAX_INDEX = 65536;

/**
 * Parses one `--set` argument (`a.b=1,c[0].d=x,e={1,2}`) into `values` the way Helm's strvals
 * does: dots nest maps, `[i]` indexes lists (padding with nulls), `\` escapes the next character,
 * `{a,b}` is a list; typed mode turns true/false/null and decimal integers without a leading zero
 * into bool, nil and int64; file mode reads each value through `readFile`.
 */
export function parseSetFlag(
  arg: string,
  values: Values,
  mode: SetMode,
  readFile?: (path: string) => string,
): Values {
  if (mode === 'literal') {
    const eq = arg.indexOf('=');
    if (eq < 0) throw new Error(`key "${arg}" has no value`);
    setPath(values, arg.slice(0, eq), arg.slice(eq + 1));
    return values;
  }
  if (mode === 'json') {
    const eq = arg.indexOf('=');
    if (eq < 0) throw new Error(`key "${arg}" has no value`);
    let v: unknown;
    try {
      v = JSON.parse(arg.slice(eq + 1));
    } catch (e: unknown) {
      throw new Error(`failed parsing --set-json data ${arg}: ${toError(e).message}`);
    }
    setPath(values, arg.slice(0, eq), v);
    return values;
  }
  const p = new SetParser(arg, mode, readFile);
  p.parse(values);
  return values;
}

function setPath(values: Values, key: string, v: unknown): void {
  const parts = key.split('.');
  let cur = values;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isTable(cur[parts[i]])) cur[parts[i]] = {};
    cur = cur[parts[i]] as Values;
  }
  cur[parts[parts.length - 1]] = v;
}

class SetParser {
  private s: string[];
  private pos = 0;
  private mode: SetMode;
  private readFile?: (path: string) => string;

  constructor(text: string, mode: SetMode, readFile?: (path: string) => string) {
    this.s = Array.from(text);
    this.mode = mode;
    this.readFile = readFile;
  }

  parse(data: Values): void {
    while (this.pos < this.s.length) {
      this.key(data, 0);
    }
  }

  private eof(): boolean {
    return this.pos >= this.s.length;
  }

  /** Reads runes until one of `stops`, honouring backslash escapes; returns the text and the stop rune. */
  private until(stops: string): { text: string; stop?: string } {
    let text = '';
    while (!this.eof()) {
      const c = this.s[this.pos++];
      if (c === '\\') {
        if (this.eof()) return { text: `${text}\\` };
        text += this.s[this.pos++];
        continue;
      }
      if (stops.includes(c)) return { text, stop: c };
      text += c;
    }
    return { text };
  }

  private typed(v: string): unknown {
    if (this.mode === 'string') return v;
    if (this.mode === 'file') {
      if (!this.readFile) throw new Error('--set-file needs a file reader');
      return this.readFile(v);
    }
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (v === '0') return new GoInt('int64', 0n);
    if (v.length > 0 && v[0] !== '0' && /^[-+]?\d+$/.test(v)) {
      const b = BigInt(v);
      if (b >= -(2n ** 63n) && b < 2n ** 63n) return new GoInt('int64', b);
    }
    return v;
  }

  private value(): { value: unknown } {
    if (!this.eof() && this.s[this.pos] === '{' && this.mode !== 'file') {
      this.pos++;
      return { value: this.list() };
    }
    const { text } = this.until(',');
    return { value: this.typed(text) };
  }

  private list(): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const { text, stop } = this.until(',}');
      if (stop === undefined) throw new Error(`list must terminate with '}'`);
      if (stop === '}') {
        if (text !== '' || out.length > 0) out.push(this.typed(text));
        if (!this.eof()) {
          const next = this.s[this.pos];
          if (next !== ',') throw new Error(`key map "${text}" has no value`);
          this.pos++;
        }
        return out;
      }
      out.push(this.typed(text));
    }
  }

  private key(data: Values, depth: number): void {
    if (depth > 10000)
      throw new Error('value name nested level is greater than maximum supported nested level of 10000');
    const { text: k, stop } = this.until('=[,.');
    if (stop === undefined) {
      if (k === '') return;
      throw new Error(`key "${k}" has no value`);
    }
    switch (stop) {
      case '[': {
        const idx = this.index();
        const existing = data[k];
        const list = Array.isArray(existing) ? existing : [];
        data[k] = this.listItem(list, idx, depth + 1);
        return;
      }
      case '=': {
        const { value } = this.value();
        if (value === null && this.mode === 'typed') {
          data[k] = null;
        } else data[k] = value;
        return;
      }
      case ',':
        throw new Error(`key "${k}" has no value (cannot end with ,)`);
      case '.': {
        if (k === '') throw new Error(`key "${k}" has no value`);
        const inner = isTable(data[k]) ? (data[k] as Values) : {};
        data[k] = inner;
        this.key(inner, depth + 1);
        return;
      }
    }
  }

  private index(): number {
    const { text, stop } = this.until(']');
    if (stop !== ']') throw new Error('error parsing index: unterminated list index');
    const n = Number(text);
    if (!/^\d+$/.test(text))
      throw new Error(`error parsing index: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
    if (n > MAX_INDEX)
      throw new Error(`index of ${n} is greater than maximum supported index of ${MAX_INDEX}`);
    return n;
  }

  private listItem(list: unknown[], idx: number, depth: number): unknown[] {
    while (list.length <= idx) list.push(null);
    if (this.eof()) throw new Error(`list index ${idx} has no value`);
    const c = this.s[this.pos++];
    switch (c) {
      case '=': {
        const { value } = this.value();
        list[idx] = value;
        return list;
      }
      case '.': {
        const inner = isTable(list[idx]) ? (list[idx] as Values) : {};
        list[idx] = inner;
        this.key(inner, depth);
        return list;
      }
      case '[': {
        const next = this.index();
        const existing = Array.isArray(list[idx]) ? (list[idx] as unknown[]) : [];
        list[idx] = this.listItem(existing, next, depth + 1);
        return list;
      }
      default:
        throw new Error(`parse error: unexpected token ${JSON.stringify(c)}`);
    }
  }
}
