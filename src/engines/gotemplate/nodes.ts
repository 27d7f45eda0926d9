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

export interface ListNode extends NodeBase {
  type: 'list';
  nodes: Node[];
}
export interface TextNode extends NodeBase {
  type: 'text';
  text: string;
}
export interface ActionNode extends NodeBase {
  type: 'action';
  line: number;
  pipe: PipeNode;
}
export interface PipeNode extends NodeBase {
  type: 'pipe';
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends NodeBase {
  type: 'command';
  args: Node[];
}
export interface IdentifierNode extends NodeBase {
  type: 'identifier';
  ident: string;
}
export interface VariableNode extends NodeBase {
  type: 'variable';
  ident: string[];
}
export interface DotNode extends NodeBase {
  type: 'dot';
}
export interface NilNode extends NodeBase {
  type: 'nil';
}
export interface FieldNode extends NodeBase {
  type: 'field';
  ident: string[];
}
export interface ChainNode extends NodeBase {
  type: 'chain';
  node: Node;
  field: string[];
}
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
export interface StringNode extends NodeBase {
  type: 'string';
  quoted: string;
  text: string;
}
export interface BranchNode extends NodeBase {
  type: 'if' | 'range' | 'with';
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}
export interface TemplateNode extends NodeBase {
  type: 'template';
  line: number;
  name: string;
  pipe: PipeNode | undefined;
}
export interface BreakNode extends NodeBase {
  type: 'break';
  line: number;
}
export interface ContinueNode extends NodeBase {
  type: 'continue';
  line: number;
}
export interface CommentNode extends NodeBase {
  type: 'comment';
  text: string;
}
/** Internal markers returned by the item list parser. */
export interface EndNode extends NodeBase {
  type: 'end';
}
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
