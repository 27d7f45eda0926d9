/**
 * JSON decoding as Go's json.Unmarshal into an interface{}: objects become maps, arrays
 * []interface{}, numbers float64. Input is first checked the way Go's scanner checks it, so that
 * invalid input fails with Go's message (`invalid character 'x' after object key`, ...).
 */
import { quote } from './go-format.ts';

class Scanner {
  private readonly b: Buffer;
  private i = 0;
  /** The first number literal too large for a float64 (Go reports it after decoding the rest). */
  overflow: string | undefined;
  constructor(text: string) {
    this.b = Buffer.from(text, 'utf8');
  }

  /** Throws Go's SyntaxError text for the first problem in the input. */
  check(): void {
    this.space();
    this.value();
    this.space();
    if (this.i < this.b.length) this.fail('after top-level value');
  }

  private peek(): number | undefined {
    return this.b[this.i];
  }

  private space() {
    while (this.i < this.b.length && [0x20, 0x09, 0x0a, 0x0d].includes(this.b[this.i])) this.i++;
  }

  private fail(context: string): never {
    if (this.i >= this.b.length) {
      // Go feeds a space at the end of input: states that accept one report a truncated input.
      if (/^(looking|after (object|array|top)|$)/.test(context))
        throw new Error('unexpected end of JSON input');
      throw new Error(`invalid character ' ' ${context}`);
    }
    throw new Error(`invalid character ${quoteChar(this.b[this.i])} ${context}`);
  }

  private value(): void {
    const c = this.peek();
    if (c === 0x7b) this.object();
    else if (c === 0x5b) this.array();
    else if (c === 0x22) this.string();
    else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) this.number();
    else if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else if (c === 0x6e) this.literal('null');
    else this.fail('looking for beginning of value');
  }

  private object() {
    this.collection(0x7d, 'after object key:value pair', () => {
      if (this.peek() !== 0x22) this.fail('looking for beginning of object key string');
      this.string();
      this.space();
      if (this.peek() !== 0x3a) this.fail('after object key');
      this.i++;
      this.space();
      this.value();
    });
  }

  private array() {
    this.collection(0x5d, 'after array element', () => this.value());
  }

  /** An object or array from its opening byte to `close`: items separated by commas (none trailing). */
  private collection(close: number, afterItem: string, item: () => void): void {
    this.i++;
    this.space();
    if (this.peek() === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      this.space();
      const c = this.peek();
      if (c === close) {
        this.i++;
        return;
      }
      if (c !== 0x2c) this.fail(afterItem);
      this.i++;
      this.space();
    }
  }

  private string() {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('');
      if (c === 0x22) {
        this.i++;
        return;
      }
      if (c < 0x20) this.fail('in string literal');
      this.i++;
      if (c !== 0x5c) continue;
      const e = this.peek();
      if (e === 0x75) {
        this.i++;
        for (let k = 0; k < 4; k++) {
          const h = this.peek();
          if (h === undefined || !/[0-9a-fA-F]/.test(String.fromCharCode(h))) {
            this.fail('in \\u hexadecimal character escape');
          }
          this.i++;
        }
      } else if (e !== undefined && '"\\/bfnrt'.includes(String.fromCharCode(e))) this.i++;
      else this.fail('in string escape code');
    }
  }

  private digits(): number {
    const start = this.i;
    while (this.i < this.b.length && this.b[this.i] >= 0x30 && this.b[this.i] <= 0x39) this.i++;
    return this.i - start;
  }

  private number() {
    const start = this.i;
    this.numberSyntax();
    const text = this.b.subarray(start, this.i).toString('latin1');
    if (this.overflow === undefined && !Number.isFinite(Number(text))) this.overflow = text;
  }

  private numberSyntax() {
    if (this.peek() === 0x2d) {
      this.i++;
      const c = this.peek();
      if (c === undefined || c < 0x30 || c > 0x39) this.fail('in numeric literal');
    }
    if (this.peek() === 0x30) this.i++;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.i++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal');
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const s = this.peek();
      if (s === 0x2b || s === 0x2d) this.i++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal');
    }
  }

  private literal(word: string) {
    this.i++;
    for (let k = 1; k < word.length; k++) {
      if (this.peek() !== word.charCodeAt(k)) this.fail(`in literal ${word} (expecting '${word[k]}')`);
      this.i++;
    }
  }
}

/** Go's quoteChar for a byte in a syntax error. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const q = quote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

/** Go leaves a number it cannot store as nil. */
function dropInfinities(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(dropInfinities);
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) (v as Record<string, unknown>)[k] = dropInfinities(x);
  }
  return v;
}

/** The result of json.Unmarshal into interface{}: the value, and Go's error for what failed. */
export function unmarshalJson(text: string): { value: unknown; error?: Error } {
  const scanner = new Scanner(text);
  try {
    scanner.check();
  } catch (e) {
    return { value: null, error: e as Error };
  }
  const value = dropInfinities(JSON.parse(text));
  if (scanner.overflow === undefined) return { value };
  return {
    value,
    error: new Error(`json: cannot unmarshal number ${scanner.overflow} into Go value of type float64`),
  };
}

/** json.Unmarshal into interface{}; throws Go's error text for invalid input. */
export function decodeJson(text: string): unknown {
  const { value, error } = unmarshalJson(text);
  if (error) throw error;
  return value;
}
