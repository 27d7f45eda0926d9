import { GoInt } from '../gotemplate/index.ts';

/**
 * A TOML reader for Helm's fromToml: tables, arrays of tables, dotted and quoted keys, basic and
 * literal strings (one- and multi-line), integers (as int64, with 0x/0o/0b and underscores),
 * floats, booleans, arrays and inline tables. Date-times are kept as their text. Errors carry the
 * line number; their wording is this reader's own.
 */
export function parseToml(text: string): Record<string, unknown> {
  return new TomlReader(text).document();
}

class TomlReader {
  private i = 0;
  private line = 1;
  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  private fail(msg: string): never {
    throw new Error(`toml: line ${this.line}: ${msg}`);
  }

  private peek(o = 0): string {
    return this.s[this.i + o] ?? '';
  }

  private ws(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }

  /** Skips spaces, comments and (when `newlines`) line breaks. */
  private skip(newlines: boolean): void {
    for (;;) {
      this.ws();
      const c = this.peek();
      if (c === '#') {
        while (this.i < this.s.length && this.peek() !== '\n') this.i++;
      } else if (newlines && (c === '\n' || c === '\r')) {
        if (c === '\n') this.line++;
        this.i++;
      } else return;
    }
  }

  private endOfLine(): void {
    this.skip(false);
    const c = this.peek();
    if (c === '\r') this.i++;
    if (this.peek() === '\n') {
      this.i++;
      this.line++;
    } else if (this.i < this.s.length) this.fail(`expected a newline, found '${this.peek()}'`);
  }

  document(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    let current = root;
    for (;;) {
      this.skip(true);
      if (this.i >= this.s.length) return root;
      if (this.peek() === '[') {
        const array = this.peek(1) === '[';
        this.i += array ? 2 : 1;
        this.ws();
        const path = this.key();
        this.ws();
        if (this.peek() !== ']' || (array && this.peek(1) !== ']'))
          this.fail('expected ] closing the table header');
        this.i += array ? 2 : 1;
        this.endOfLine();
        current = array ? this.arrayTable(root, path) : this.table(root, path, true);
        continue;
      }
      const path = this.key();
      this.ws();
      if (this.peek() !== '=') this.fail(`expected = after key "${path.join('.')}"`);
      this.i++;
      this.ws();
      const v = this.value();
      const parent = this.table(current, path.slice(0, -1), false);
      const last = path[path.length - 1];
      if (last in parent) this.fail(`key "${path.join('.')}" is already defined`);
      parent[last] = v;
      this.endOfLine();
    }
  }

  private table(from: Record<string, unknown>, path: string[], header: boolean): Record<string, unknown> {
    let t = from;
    path.forEach((k, idx) => {
      let next = t[k];
      if (next === undefined) {
        next = {};
        t[k] = next;
      } else if (Array.isArray(next) && idx < path.length - 1 + (header ? 0 : 1)) {
        next = next[next.length - 1];
      }
      if (next === null || typeof next !== 'object' || Array.isArray(next) || next instanceof GoInt) {
        this.fail(`key "${path.slice(0, idx + 1).join('.')}" is not a table`);
      }
      t = next as Record<string, unknown>;
    });
    return t;
  }

  private arrayTable(root: Record<string, unknown>, path: string[]): Record<string, unknown> {
    const parent = this.table(root, path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (parent[last] === undefined) parent[last] = [];
    const list = parent[last] as unknown[];
    if (!Array.isArray(list)) this.fail(`key "${path.join('.')}" is not an array of tables`);
    const t: Record<string, unknown> = {};
    list.push(t);
    return t;
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.ws();
      const c = this.peek();
      if (c === '"' || c === "'") parts.push(this.string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i, this.i + 256));
        if (!m) this.fail(`invalid key character '${c}'`);
        parts.push(m![0]);
        this.i += m![0].length;
      }
      this.ws();
      if (this.peek() !== '.') return parts;
      this.i++;
    }
  }

  private value(): unknown {
    const c = this.peek();
    if (c === '"' || c === "'") return this.string();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    const rest = this.s.slice(this.i, this.i + 128);
    const tok = /^[^\s,\]}#]+/.exec(rest)?.[0] ?? '';
    if (tok === '') this.fail('unexpected EOF; expected value');
    this.i += tok.length;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (/^[+-]?(inf|nan)$/.test(tok))
      return tok.includes('nan') ? Number.NaN : tok.startsWith('-') ? -Infinity : Infinity;
    const clean = tok.replace(/_/g, '');
    if (/^0x[0-9a-fA-F]+$/.test(clean)) return new GoInt('int64', BigInt(clean));
    if (/^0o[0-7]+$/.test(clean)) return new GoInt('int64', BigInt(clean));
    if (/^0b[01]+$/.test(clean)) return new GoInt('int64', BigInt(clean));
    if (/^[+-]?(0|[1-9]\d*)$/.test(clean)) return new GoInt('int64', BigInt(clean));
    if (/^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(clean)) return Number(clean);
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(tok)) {
      // a date-time may continue after a space: 1979-05-27 07:32:00Z
      const more = /^ \d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/.exec(
        this.s.slice(this.i, this.i + 64),
      );
      if (more) {
        this.i += more[0].length;
        return tok + more[0];
      }
      return tok;
    }
    return this.fail(`invalid value '${tok}'`);
  }

  private string(): string {
    const q = this.peek();
    const multi = this.peek(1) === q && this.peek(2) === q;
    this.i += multi ? 3 : 1;
    if (multi && this.peek() === '\n') {
      this.i++;
      this.line++;
    }
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) this.fail('unterminated string');
      const c = this.peek();
      if (c === q && (!multi || (this.peek(1) === q && this.peek(2) === q))) {
        this.i += multi ? 3 : 1;
        // up to two more quotes just before the closing delimiter belong to the string
        while (
          multi &&
          this.peek() === q &&
          out.length >= 0 &&
          this.s.slice(this.i - 3, this.i) === q.repeat(3)
        ) {
          out += q;
          this.i++;
        }
        return out;
      }
      if (c === '\n') {
        if (!multi) this.fail('newline in a single-line string');
        this.line++;
      }
      if (c === '\\' && q === '"') {
        const e = this.peek(1);
        this.i += 2;
        const simple: Record<string, string> = {
          b: '\b',
          t: '\t',
          n: '\n',
          f: '\f',
          r: '\r',
          '"': '"',
          '\\': '\\',
        };
        if (e in simple) out += simple[e];
        else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = this.s.slice(this.i, this.i + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail(`invalid escape \\${e}${hex}`);
          out += String.fromCodePoint(Number.parseInt(hex, 16));
          this.i += len;
        } else if (multi && (e === '\n' || e === ' ' || e === '\t' || e === '\r')) {
          this.i--;
          while (/[\s]/.test(this.peek())) {
            if (this.peek() === '\n') this.line++;
            this.i++;
          }
        } else this.fail(`invalid escape \\${e}`);
        continue;
      }
      out += c;
      this.i++;
    }
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.skip(true);
      if (this.peek() === ',') this.i++;
      else if (this.peek() !== ']') this.fail('expected , or ] in array');
    }
  }

  private inlineTable(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.peek() === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      const path = this.key();
      this.ws();
      if (this.peek() !== '=') this.fail('expected = in inline table');
      this.i++;
      this.ws();
      const v = this.value();
      const parent = this.table(out, path.slice(0, -1), false);
      parent[path[path.length - 1]] = v;
      this.ws();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === '}') {
        this.i++;
        return out;
      }
      this.fail('expected , or } in inline table');
    }
  }
}
