/**
 * The parser of Go's template language: turns tokens into parse trees, one per template name
 * (`define` and `block` add trees to the set). Errors read as Go's: `template: NAME:LINE: MSG`.
 */
import { lex, type Token } from './lexer.ts';
import type {
  BranchNode,
  CommandNode,
  ElseNode,
  EndNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  TreeInfo,
  VariableNode,
} from './nodes.ts';
import { nodeString } from './nodes.ts';
import { parseGoFloat, parseGoInt, unquoteGo } from './strconv.ts';

/** A parsed template: its name and root list. */
export interface Tree {
  name: string;
  parseName: string;
  root: ListNode;
  text: string;
}

/** A parse failure, with Go's message text. */
export class ParseError extends Error {}

const MAX_DEPTH = 10000;

/** Options of {@link parseTemplate}. */
export interface ParseOptions {
  leftDelim?: string;
  rightDelim?: string;
  /** Tells whether a function name is defined (Go's parse-time check). */
  hasFunction: (name: string) => boolean;
}

/**
 * Parses `text` as template `name`; returns every tree it defines, keyed by name (the text's own
 * body under `name`).
 */
export function parseTemplate(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const trees = new Map<string, Tree>();
  const tokens = lex(text, options.leftDelim, options.rightDelim);
  const p = new Parser(name, text, tokens, options, trees);
  p.parseTop();
  return trees;
}

/** Go's IsEmptyTree: a tree of only whitespace text (and comments) is empty. */
export function isEmptyTree(n: Node): boolean {
  switch (n.type) {
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim() === '';
    case 'comment':
      return true;
    default:
      return false;
  }
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private depth = 0;
  private actionLine = 0;
  private lastLine = 1;
  private readonly info: TreeInfo;

  private readonly name: string;
  private readonly text: string;
  private readonly tokens: Token[];
  private readonly options: ParseOptions;
  private readonly trees: Map<string, Tree>;

  constructor(name: string, text: string, tokens: Token[], options: ParseOptions, trees: Map<string, Tree>) {
    this.name = name;
    this.text = text;
    this.tokens = tokens;
    this.options = options;
    this.trees = trees;
    this.info = { name, parseName: name, text };
  }

  private errorf(msg: string): never {
    throw new ParseError(`template: ${this.name}:${this.lastLine}: ${msg}`);
  }

  // The token list ends with eof or error; reading past the end keeps returning that last token.
  private at(i: number): Token {
    return this.tokens[Math.min(i, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.at(this.i++);
    this.lastLine = t.line;
    return t;
  }
  private peek(): Token {
    return this.at(this.i);
  }
  private backup(): void {
    this.i--;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.kind === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    let j = this.i;
    while (this.at(j).kind === 'space') j++;
    return this.at(j);
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'EOF';
    if (t.kind === 'error') return t.val;
    if (t.kind === 'keyword' || t.kind === 'dot') return `<${t.val}>`;
    const q = goQuote(t.val);
    if ([...t.val].length > 10) return `${goQuote([...t.val].slice(0, 10).join(''))}...`;
    return q;
  }

  private unexpected(t: Token, context: string): never {
    if (t.kind === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`);
    }
    this.errorf(`unexpected ${this.describe(t)} in ${context}`);
  }

  private expect(kind: Token['kind'], context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== kind) this.unexpected(t, context);
    return t;
  }

  private list(pos: number): ListNode {
    return { type: 'list', pos, tree: this.info, nodes: [] };
  }

  private addTree(name: string, root: ListNode): void {
    const old = this.trees.get(name);
    if (old && !isEmptyTree(old.root) && !isEmptyTree(root)) {
      this.errorf(`template: multiple definition of template ${goQuote(name)}`);
    }
    if (old && isEmptyTree(root)) return;
    this.trees.set(name, { name, parseName: this.name, root, text: this.text });
  }

  parseTop(): void {
    const root = this.list(this.peek().pos);
    while (this.peek().kind !== 'eof') {
      if (this.peek().kind === 'leftDelim') {
        const save = this.i;
        this.next();
        const t = this.nextNonSpace();
        if (t.kind === 'keyword' && t.val === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.addTree(this.name, root);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const t = this.nextNonSpace();
    if (t.kind !== 'string' && t.kind !== 'rawString') this.unexpected(t, context);
    const name = this.unquote(t.val);
    this.expect('rightDelim', context);
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = savedVars;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.addTree(name, list);
  }

  private unquote(s: string): string {
    const r = unquoteGo(s);
    if (r === undefined) this.errorf('invalid syntax');
    return r;
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const list = this.list(this.peekNonSpace().pos);
    while (this.peekNonSpace().kind !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.kind === 'text') return { type: 'text', pos: t.pos, tree: this.info, text: t.val };
    if (t.kind === 'leftDelim') {
      this.actionLine = t.line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
    this.unexpected(t, 'input');
  }

  private action(): Node {
    const t = this.nextNonSpace();
    if (t.kind === 'keyword') {
      switch (t.val) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          return this.loopControl(t);
        case 'else':
          return this.elseControl();
        case 'end':
          return { type: 'end', pos: this.expect('rightDelim', 'end').pos, tree: this.info };
        case 'if':
        case 'range':
        case 'with':
          return this.branch(t.val);
        case 'template':
          return this.templateControl();
      }
    }
    this.backup();
    const first = this.peek();
    return {
      type: 'action',
      pos: first.pos,
      line: first.line,
      tree: this.info,
      pipe: this.pipeline('command', 'rightDelim'),
    };
  }

  private loopControl(t: Token): Node {
    const word = t.val as 'break' | 'continue';
    const n = this.nextNonSpace();
    if (n.kind !== 'rightDelim') this.unexpected(n, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return { type: word, pos: t.pos, line: t.line, tree: this.info };
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    if (peek.kind === 'keyword' && (peek.val === 'if' || peek.val === 'with')) {
      while (this.peek().kind === 'space') this.next();
      return { type: 'else', pos: peek.pos, line: peek.line, tree: this.info };
    }
    const t = this.expect('rightDelim', 'else');
    return { type: 'else', pos: t.pos, line: t.line, tree: this.info };
  }

  private branch(kind: 'if' | 'range' | 'with'): BranchNode {
    const savedVars = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (kind === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        const p = this.peek();
        if ((kind === 'if' || kind === 'with') && p.kind === 'keyword' && p.val === kind) {
          this.next();
          elseList = this.list(next.pos);
          elseList.nodes.push(this.branch(kind));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      void list;
      return { type: kind, pos: pipe.pos, line: pipe.line, tree: this.info, pipe, list, elseList };
    } finally {
      this.vars.length = savedVars;
    }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    if (t.kind !== 'string' && t.kind !== 'rawString') this.unexpected(t, context);
    const name = this.unquote(t.val);
    const pipe = this.pipeline(context, 'rightDelim');
    const savedVars = this.vars;
    const savedRange = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    this.vars = savedVars;
    this.rangeDepth = savedRange;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.addTree(name, list);
    return { type: 'template', pos: t.pos, line: t.line, tree: this.info, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    if (t.kind !== 'string' && t.kind !== 'rawString') this.unexpected(t, context);
    const name = this.unquote(t.val);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().kind !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: t.pos, line: t.line, tree: this.info, name, pipe };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = {
      type: 'pipe',
      pos: first.pos,
      line: first.line,
      tree: this.info,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    // declarations
    for (;;) {
      const v = this.peekNonSpace();
      if (v.kind !== 'variable') break;
      const save = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.kind === 'assign' || next.kind === 'declare') {
        pipe.isAssign = next.kind === 'assign';
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        break;
      }
      if (next.kind === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const k = this.peekNonSpace().kind;
          if (k === 'variable' || k === 'rightDelim' || k === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.kind === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        for (let k = 1; k < pipe.cmds.length; k++) {
          const a = pipe.cmds[k].args[0].type;
          if (a === 'bool' || a === 'dot' || a === 'nil' || a === 'number' || a === 'string') {
            this.errorf(`non executable command in pipeline stage ${k + 1}`);
          }
        }
        return pipe;
      }
      switch (t.kind) {
        case 'bool':
        case 'charConst':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          continue;
        case 'keyword':
          if (t.val === 'nil') {
            this.backup();
            pipe.cmds.push(this.command());
            continue;
          }
      }
      this.unexpected(t, context);
    }
  }

  private variable(pos: number, val: string): VariableNode {
    return { type: 'variable', pos, tree: this.info, ident: val.split('.') };
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, tree: this.info, args: [] };
    for (;;) {
      this.peekNonSpace();
      while (this.peek().kind === 'space') this.next();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.kind === 'space') continue;
      if (t.kind === 'rightDelim' || t.kind === 'rightParen') this.backup();
      else if (t.kind !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().kind === 'field') {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().kind === 'field') fields.push(this.next().val.slice(1));
      switch (node.type) {
        case 'field':
          return { type: 'field', pos, tree: this.info, ident: [...node.ident, ...fields] };
        case 'variable':
          return { type: 'variable', pos, tree: this.info, ident: [...node.ident, ...fields] };
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      }
      return { type: 'chain', pos, tree: this.info, node, field: fields };
    }
    return node;
  }

  private term(): Node | undefined {
    const t = this.nextNonSpace();
    switch (t.kind) {
      case 'identifier':
        if (!this.options.hasFunction(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, tree: this.info, ident: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos, tree: this.info };
      case 'keyword':
        if (t.val === 'nil') return { type: 'nil', pos: t.pos, tree: this.info };
        break;
      case 'variable': {
        const v = this.variable(t.pos, t.val);
        if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
        return v;
      }
      case 'field':
        return { type: 'field', pos: t.pos, tree: this.info, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, tree: this.info, value: t.val === 'true' };
      case 'charConst':
      case 'complex':
      case 'number':
        return this.number(t);
      case 'leftParen': {
        if (this.depth >= MAX_DEPTH) this.errorf('max expression depth exceeded');
        this.depth++;
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.depth--;
        }
      }
      case 'string':
      case 'rawString':
        return { type: 'string', pos: t.pos, tree: this.info, quoted: t.val, text: this.unquote(t.val) };
    }
    this.backup();
    return undefined;
  }

  private number(t: Token): NumberNode {
    const n: NumberNode = {
      type: 'number',
      pos: t.pos,
      tree: this.info,
      text: t.val,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      complex: [0, 0],
      int64: 0n,
      uint64: 0n,
      float64: 0,
    };
    if (t.kind === 'charConst') {
      const s = unquoteGo(t.val);
      if (s === undefined || [...s].length !== 1) this.errorf(`malformed character constant: ${t.val}`);
      const r = BigInt(s.codePointAt(0)!);
      Object.assign(n, { isInt: true, isUint: true, isFloat: true, int64: r, uint64: r, float64: Number(r) });
      return n;
    }
    const text = t.val;
    if (t.kind === 'complex') {
      const split = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
      const re = parseGoFloat(text.slice(0, split));
      const im = parseGoFloat(text.slice(split, -1));
      if (re === undefined || im === undefined) this.errorf(`illegal number syntax: ${goQuote(text)}`);
      n.isComplex = true;
      n.complex = [re, im];
      return simplifyComplex(n);
    }
    if (text.endsWith('i')) {
      const im = parseGoFloat(text.slice(0, -1));
      if (im === undefined) this.errorf(`illegal number syntax: ${goQuote(text)}`);
      n.isComplex = true;
      n.complex = [0, im];
      return simplifyComplex(n);
    }
    const big = parseGoInt(text);
    if (big !== undefined) {
      if (big >= 0n && big < 1n << 64n) {
        n.isUint = true;
        n.uint64 = big;
      }
      if (big >= -(1n << 63n) && big < 1n << 63n) {
        n.isInt = true;
        n.int64 = big;
        if (big === 0n) {
          n.isUint = true;
          n.uint64 = 0n;
        }
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseGoFloat(text);
      if (f !== undefined) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${goQuote(text)}`);
        setFloat(n, f);
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${goQuote(text)}`);
    return n;
  }
}

/** A complex constant with no imaginary part also counts as a float (and an int when integral). */
function simplifyComplex(n: NumberNode): NumberNode {
  const [re, im] = n.complex;
  if (im !== 0) return n;
  setFloat(n, re);
  return n;
}

/** Marks a number as the float f, and also as an int and a uint where f is integral and fits. */
function setFloat(n: NumberNode, f: number): void {
  n.isFloat = true;
  n.float64 = f;
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
    n.isInt = true;
    n.int64 = BigInt(f);
  }
  if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
    n.isUint = true;
    n.uint64 = BigInt(f);
  }
}

/** Go's unicode.IsPrint beyond ASCII: letters, marks, numbers, punctuation and symbols. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's %q of a string (strconv.Quote): non-printable runes are escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x7f || PRINTABLE.test(ch)) out += ch;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
