/**
 * Parse tree nodes of a Go template and their canonical text (Go's Node.String), which execution
 * errors quote as `at <...>`.
 */

/** Where a node came from: its byte offset and the tree (for the text and parse name). */
export interface NodeBase {
  pos: number;
  tree: TreeInfo;
}

/** The parsed text a tree came from, for error positions. */
export interface TreeInfo {
  name: string;
  parseName: string;
  text: string;
}

/** A sequence of nodes (a template body or branch). */
export interface ListNode extends NodeBase {
  type: 'list';
  nodes: Node[];
}
/** Literal text between actions. */
export interface TextNode extends NodeBase {
  type: 'text';
  text: string;
}
/** A `{{pipeline}}` action whose value is printed unless it declares variables. */
export interface ActionNode extends NodeBase {
  type: 'action';
  line: number;
  pipe: PipeNode;
}
/** A pipeline: optional variable declarations and `|`-separated commands. */
export interface PipeNode extends NodeBase {
  type: 'pipe';
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
/** One command of a pipeline: a function, field or value with its arguments. */
export interface CommandNode extends NodeBase {
  type: 'command';
  args: Node[];
}
/** A function name. */
export interface IdentifierNode extends NodeBase {
  type: 'identifier';
  ident: string;
}
/** A variable reference with an optional field chain: `$x.a.b`. */
export interface VariableNode extends NodeBase {
  type: 'variable';
  ident: string[];
}
/** The cursor `.`. */
export interface DotNode extends NodeBase {
  type: 'dot';
}
/** The untyped `nil` constant. */
export interface NilNode extends NodeBase {
  type: 'nil';
}
/** A field chain on dot: `.a.b`. */
export interface FieldNode extends NodeBase {
  type: 'field';
  ident: string[];
}
/** A field chain on a parenthesised pipeline or other term: `(x).a`. */
export interface ChainNode extends NodeBase {
  type: 'chain';
  node: Node;
  field: string[];
}
/** A `true` or `false` constant. */
export interface BoolNode extends NodeBase {
  type: 'bool';
  value: boolean;
}
/** A number literal with Go's constant classification. */
export interface NumberNode extends NodeBase {
  type: 'number';
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  complex: [number, number];
  int64: bigint;
  uint64: bigint;
  float64: number;
}
/** A quoted or raw string constant. */
export interface StringNode extends NodeBase {
  type: 'string';
  quoted: string;
  text: string;
}
/** An `if`, `range` or `with` block. */
export interface BranchNode extends NodeBase {
  type: 'if' | 'range' | 'with';
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}
/** A `{{template "name" pipeline}}` call (also what `block` leaves behind). */
export interface TemplateNode extends NodeBase {
  type: 'template';
  line: number;
  name: string;
  pipe: PipeNode | undefined;
}
/** `{{break}}` inside a range. */
export interface BreakNode extends NodeBase {
  type: 'break';
  line: number;
}
/** `{{continue}}` inside a range. */
export interface ContinueNode extends NodeBase {
  type: 'continue';
  line: number;
}
/** A comment (only kept in ParseComments mode; unused by execution). */
export interface CommentNode extends NodeBase {
  type: 'comment';
  text: string;
}
/** Internal: an `{{end}}` marker returned by the item-list parser. */
export interface EndNode extends NodeBase {
  type: 'end';
}
/** Internal: an `{{else}}` marker returned by the item-list parser. */
export interface ElseNode extends NodeBase {
  type: 'else';
  line: number;
}

/** Any parse tree node. */
export type Node =
  | ListNode
  | TextNode
  | ActionNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | CommentNode
  | EndNode
  | ElseNode;

/** Go's canonical text of a node (as Node.String prints it). */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) {
        s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      }
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((f) => `.${f}`).join('');
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + n.field.map((f) => `.${f}`).join('');
    }
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'if':
    case 'range':
    case 'with': {
      let s = `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList) s += `{{else}}${nodeString(n.elseList)}`;
      return `${s}{{end}}`;
    }
    case 'template':
      return n.pipe
        ? `{{template ${JSON.stringify(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${JSON.stringify(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'comment':
      return `{{${n.text}}}`;
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
  }
}

/** `NAME:LINE:COL` of a node as Go's ErrorContext reports it (column is a 0-based byte offset). */
export function nodeLocation(n: Node): string {
  const text = n.tree.text;
  const before = utf8Length(text.slice(0, n.pos));
  const nl = text.lastIndexOf('\n', n.pos - 1);
  const line = 1 + countNewlines(text, n.pos);
  const col = nl < 0 ? before : utf8Length(text.slice(nl + 1, n.pos));
  return `${n.tree.parseName}:${line}:${col}`;
}

/** The error context `<...>` text of a node: its canonical string. */
export function nodeContext(n: Node): string {
  return nodeString(n);
}

function countNewlines(text: string, end: number): number {
  let c = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) c++;
  return c;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
