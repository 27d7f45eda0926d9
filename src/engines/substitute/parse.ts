/**
 * The parser of Flux's envsubst dialect (a fork of drone/envsubst): text with `${...}`
 * expressions. Only the braced form is recognised (`$var` stays as written) and `$$` escapes a
 * dollar in text. The scanner reproduces the reference's token rules, including its quirks
 * (an unknown operator such as `${a-b}` is a "missing closing brace"; `${a:=x}` arguments are not
 * unescaped; pattern and replacement arguments of `/` understand `\/`, `\\` and `$$`).
 */

/** A parsed template: literal text and function nodes, in order. */
export type Node = TextNode | FuncNode;

/** Literal text. */
export interface TextNode {
  kind: 'text';
  value: string;
}

/**
 * `${param}` or `${param<op>args}`: `op` is '' for a plain reference, else the operator text;
 * `args` are the operator's arguments (for the default operators, the pieces of the default).
 */
export interface FuncNode {
  kind: 'func';
  param: string;
  op: string;
  args: Node[];
}

/** The parse errors of the reference library, with its exact texts. */
export const ParseErrorText = {
  BadSubstitution: 'bad substitution',
  MissingClosingBrace: 'missing closing brace',
  VariableName: 'unable to parse variable name',
  FuncSubstitution: 'unable to parse substitution within function',
  DefaultFunction: 'unable to parse default function',
} as const;

/** A template that cannot be parsed; the message is one of {@link ParseErrorText}. */
export class EnvsubstParseError extends Error {}

const Token = { Illegal: 0, EOF: 1, Ident: 2, Lbrack: 3, Rbrack: 4 } as const;
type Token = (typeof Token)[keyof typeof Token];

const ModeIdent = 1;
const ModeLbrack = 2;
const ModeRbrack = 4;
const ModeEscape = 8;
const EscDollar = 1;
const EscBackslash = 2;

type Accept = (r: string, i: number) => boolean;

const isIdentChar = (r: string) => /^[\p{L}\p{Nd}_]$/u.test(r);
const acceptAny: Accept = () => true;
const acceptIdent: Accept = (r) => isIdentChar(r);
const acceptColon: Accept = (r) => r === ':';
const acceptOneHash: Accept = (r, i) => r === '#' && i === 1;
const acceptNotClosing: Accept = (r) => r !== '}';
const acceptHash: Accept = (r, i) => r === '#' && i < 3;
const acceptPercent: Accept = (r, i) => r === '%' && i < 3;
const acceptDefaultOp: Accept = (r, i) => (i === 1 && r === ':') || (i === 2 && '=-?+'.includes(r));
const acceptReplaceOp: Accept = (r, i) => (i === 1 && r === '/') || (i === 2 && '/#%'.includes(r));
const acceptOneEqual: Accept = (r, i) => i === 1 && r === '=';
const acceptOneColon: Accept = (r, i) => i === 1 && r === ':';
const rejectColonClose: Accept = (r) => r !== ':' && r !== '}';
const acceptSlash: Accept = (r) => r === '/';
const acceptNotSlash: Accept = (r) => r !== '/';
const acceptCasing: Accept = (r, i) => (r === ',' || r === '^') && i < 3;

/** Works on code points; `skip` deletes the escaping character from the buffer like the reference. */
class Scanner {
  buf: string[];
  pos = 0;
  start = 0;
  width = 0;
  mode = 0;
  escapes = 0;
  accept: Accept = acceptAny;

  constructor(text: string) {
    this.buf = Array.from(text);
  }

  read(): string | undefined {
    if (this.pos >= this.buf.length) {
      this.width = 0;
      return undefined;
    }
    this.width = 1;
    return this.buf[this.pos++];
  }

  unread(): void {
    this.pos -= this.width;
  }

  peek(): string | undefined {
    const r = this.read();
    this.unread();
    return r;
  }

  skip(): void {
    this.buf.splice(this.pos - 1, 1);
  }

  text(): string {
    return this.buf.slice(this.start, this.pos).join('');
  }

  scan(): Token {
    this.start = this.pos;
    const r = this.read();
    if (r === undefined) return Token.EOF;
    if (this.isLbrack(r)) return Token.Lbrack;
    if (this.mode & ModeRbrack && r === '}') return Token.Rbrack;
    if (this.scanIdent(r)) return Token.Ident;
    return Token.Illegal;
  }

  private isLbrack(r: string): boolean {
    if (!(this.mode & ModeLbrack) || r !== '$') return false;
    if (this.read() === '{') return true;
    this.unread();
    return false;
  }

  private isEscaped(r: string): boolean {
    if (!(this.mode & ModeEscape)) return false;
    if (r === '$' && this.escapes & EscDollar && this.peek() === '$') return true;
    if (r === '\\' && this.escapes & EscBackslash) {
      const next = this.peek();
      return next === '/' || next === '\\';
    }
    return false;
  }

  private scanIdent(r: string): boolean {
    if (!(this.mode & ModeIdent)) return false;
    if (this.isEscaped(r)) this.skip();
    else if (!this.accept(r, this.pos - this.start)) return false;
    for (;;) {
      const c = this.read();
      if (c === undefined) {
        this.unread();
        return true;
      }
      if (this.isLbrack(c)) {
        this.unread();
        this.unread();
        return true;
      }
      if (this.isEscaped(c)) {
        this.skip();
        continue;
      }
      if (!this.accept(c, this.pos - this.start)) {
        this.unread();
        return true;
      }
    }
  }
}

const fail = (text: string): never => {
  throw new EnvsubstParseError(text);
};

class Parser {
  s: Scanner;
  constructor(text: string) {
    this.s = new Scanner(text);
  }

  parseAll(): Node[] {
    const out: Node[] = [];
    for (;;) {
      this.s.accept = acceptAny;
      this.s.mode = ModeIdent | ModeLbrack | ModeEscape;
      this.s.escapes = EscDollar;
      const t = this.s.scan();
      if (t === Token.EOF) return out;
      if (t === Token.Ident) out.push({ kind: 'text', value: this.s.text() });
      else if (t === Token.Lbrack) out.push(this.parseFunc());
      else fail(ParseErrorText.BadSubstitution);
    }
  }

  parseFunc(): FuncNode {
    const s = this.s;
    s.escapes = EscDollar | EscBackslash;
    if (s.peek() === '#') return this.parseLength();
    s.accept = acceptIdent;
    s.mode = ModeIdent;
    if (s.scan() !== Token.Ident) fail(ParseErrorText.VariableName);
    const name = s.text();
    switch (s.peek()) {
      case ':': {
        s.read();
        const next = s.peek();
        s.unread();
        return next !== undefined && '=-?+'.includes(next) ? this.parseDefault(name) : this.parseSubstr(name);
      }
      case '=':
        return this.parseDefault(name);
      case ',':
      case '^':
        return this.parseOperatorOnly(name, acceptCasing);
      case '/':
        return this.parseReplace(name);
      case '#':
        return this.parseRemove(name, acceptHash);
      case '%':
        return this.parseRemove(name, acceptPercent);
    }
    s.accept = acceptIdent;
    s.mode = ModeRbrack;
    if (s.scan() !== Token.Rbrack) fail(ParseErrorText.MissingClosingBrace);
    return { kind: 'func', param: name, op: '', args: [] };
  }

  /** One argument: literal text up to the accept function's stop, or a nested expression. */
  parseParam(accept: Accept, mode: number): Node {
    const s = this.s;
    s.accept = accept;
    s.mode = mode | ModeLbrack;
    const t = s.scan();
    if (t === Token.Lbrack) return this.parseFunc();
    if (t === Token.Ident || t === Token.Rbrack) return { kind: 'text', value: s.text() };
    return fail(ParseErrorText.FuncSubstitution);
  }

  scanOperator(accept: Accept, error: string): string {
    this.s.accept = accept;
    this.s.mode = ModeIdent;
    if (this.s.scan() !== Token.Ident) fail(error);
    return this.s.text();
  }

  parseSubstr(name: string): FuncNode {
    const node: FuncNode = {
      kind: 'func',
      param: name,
      op: this.scanOperator(acceptOneColon, ParseErrorText.BadSubstitution),
      args: [],
    };
    node.args.push(this.parseParam(rejectColonClose, ModeIdent));
    this.s.accept = acceptColon;
    this.s.mode = ModeIdent | ModeRbrack;
    const t = this.s.scan();
    if (t === Token.Rbrack) return node;
    if (t !== Token.Ident) fail(ParseErrorText.BadSubstitution);
    node.args.push(this.parseParam(acceptNotClosing, ModeIdent));
    this.closeBrace();
    return node;
  }

  parseRemove(name: string, accept: Accept): FuncNode {
    const op = this.scanOperator(accept, ParseErrorText.BadSubstitution);
    const node: FuncNode = {
      kind: 'func',
      param: name,
      op,
      args: [this.parseParam(acceptNotClosing, ModeIdent)],
    };
    this.closeBrace();
    return node;
  }

  parseReplace(name: string): FuncNode {
    const op = this.scanOperator(acceptReplaceOp, ParseErrorText.BadSubstitution);
    const node: FuncNode = { kind: 'func', param: name, op, args: [] };
    node.args.push(this.parseParam(acceptNotSlash, ModeIdent | ModeEscape));
    this.scanOperator(acceptSlash, ParseErrorText.BadSubstitution);
    if (this.s.peek() !== '}') node.args.push(this.parseParam(acceptNotClosing, ModeIdent | ModeEscape));
    this.closeBrace();
    return node;
  }

  parseDefault(name: string): FuncNode {
    const accept = this.s.peek() === '=' ? acceptOneEqual : acceptDefaultOp;
    const op = this.scanOperator(accept, ParseErrorText.DefaultFunction);
    const parts: Node[] = [];
    while (this.s.peek() !== '}') parts.push(this.parseParam(acceptNotClosing, ModeIdent));
    this.closeBrace();
    return { kind: 'func', param: name, op, args: parts };
  }

  parseOperatorOnly(name: string, accept: Accept): FuncNode {
    const op = this.scanOperator(accept, ParseErrorText.BadSubstitution);
    this.closeBrace();
    return { kind: 'func', param: name, op, args: [] };
  }

  parseLength(): FuncNode {
    const op = this.scanOperator(acceptOneHash, ParseErrorText.BadSubstitution);
    const param = this.scanOperator(acceptIdent, ParseErrorText.BadSubstitution);
    this.closeBrace();
    return { kind: 'func', param, op, args: [] };
  }

  closeBrace(): void {
    this.s.mode = ModeRbrack;
    if (this.s.scan() !== Token.Rbrack) fail(ParseErrorText.BadSubstitution);
  }
}

/** Parses an envsubst template; throws {@link EnvsubstParseError} with the reference's text. */
export function parseTemplate(text: string): Node[] {
  return new Parser(text).parseAll();
}
