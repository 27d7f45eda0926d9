import { ExecError, executeTree, isBuiltin } from './exec.ts';
import { goQuote, ParseError, parseTemplate, type Tree } from './parser.ts';

/** A FuncMap: template function names to JS functions over Go values (see value.ts). */
export type FuncMap = Record<string, (...args: any[]) => unknown>;

/** What templates of one set share (Go's `common`): trees, functions and options. */
interface Common {
  trees: Map<string, Tree>;
  funcs: Map<string, (...args: any[]) => unknown>;
  missingKey: 'invalid' | 'zero' | 'error';
}

/**
 * A template set, like Go's *template.Template with its associated templates: templates parsed
 * into it (and their `define`s) can call each other, and functions can close over the set (Helm's
 * `include` calls {@link Template.executeTemplate} from inside a function). Parse once, execute
 * many times: trees are immutable after parsing.
 */
export class Template {
  readonly name: string;
  private common: Common;
  private leftDelim = '{{';
  private rightDelim = '}}';

  constructor(name: string, common?: Common) {
    this.name = name;
    this.common = common ?? { trees: new Map(), funcs: new Map(), missingKey: 'invalid' };
  }

  /** Adds functions to the set's FuncMap (must precede parsing templates that use them). */
  funcs(map: FuncMap): this {
    for (const [k, v] of Object.entries(map)) {
      // Go panics on these; a throw is the closest JS equivalent
      if (!/^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(k))
        throw new Error(`function name ${goQuote(k)} is not a valid identifier`);
      if (typeof v !== 'function') throw new Error(`value for ${k} not a function`);
      this.common.funcs.set(k, v);
    }
    return this;
  }

  /** Sets options: `missingkey=default|invalid|zero|error`. */
  option(...opts: string[]): this {
    for (const opt of opts) {
      const m = /^missingkey=(default|invalid|zero|error)$/.exec(opt);
      if (!m) {
        if (opt.startsWith('missingkey=')) throw new Error(`unrecognized option: ${opt}`);
        throw new Error(`unrecognized option: ${opt}`);
      }
      this.common.missingKey = m[1] === 'default' ? 'invalid' : (m[1] as Common['missingKey']);
    }
    return this;
  }

  /** Sets the action delimiters for templates parsed after this call. */
  delims(left: string, right: string): this {
    this.leftDelim = left || '{{';
    this.rightDelim = right || '}}';
    return this;
  }

  /** Parses text as this template's body; `define`d templates join the set. Throws Go's parse errors. */
  parse(text: string): this {
    const funcs = this.common.funcs;
    const trees = parseTemplate(this.name, text, {
      leftDelim: this.leftDelim,
      rightDelim: this.rightDelim,
      hasFunction: (n) => funcs.has(n) || isBuiltin(n),
    });
    for (const [name, tree] of trees) {
      const old = this.common.trees.get(name);
      // an empty redefinition never replaces a real one (Go's AddParseTree rule)
      if (old && isEmptyList(tree) && !isEmptyList(old)) continue;
      this.common.trees.set(name, tree);
    }
    return this;
  }

  /** A new, empty template of the same set. */
  new(name: string): Template {
    const t = new Template(name, this.common);
    t.leftDelim = this.leftDelim;
    t.rightDelim = this.rightDelim;
    return t;
  }

  /** The template of the set with this name, if any. */
  lookup(name: string): Template | undefined {
    return this.common.trees.has(name) ? this.new(name) : undefined;
  }

  /** The names of the set's templates. */
  templateNames(): string[] {
    return [...this.common.trees.keys()];
  }

  /** A copy of the set, so templates parsed into the copy do not affect the original. */
  clone(): Template {
    const t = new Template(this.name, {
      trees: new Map(this.common.trees),
      funcs: new Map(this.common.funcs),
      missingKey: this.common.missingKey,
    });
    t.leftDelim = this.leftDelim;
    t.rightDelim = this.rightDelim;
    return t;
  }

  /** Executes this template with `data` as dot, returning the output. Throws Go's exec errors. */
  execute(data: unknown): string {
    const tree = this.common.trees.get(this.name);
    if (!tree) {
      throw new ExecError(`template: ${this.name}: ${goQuote(this.name)} is an incomplete or empty template`);
    }
    const common = this.common;
    return executeTree(
      {
        missingKey: common.missingKey,
        findFunc: (n) => common.funcs.get(n),
        findTree: (n) => common.trees.get(n),
      },
      this.name,
      tree.root,
      data,
    );
  }

  /** Executes the named template of the set with `data` as dot, returning the output. */
  executeTemplate(name: string, data: unknown): string {
    if (!this.common.trees.has(name)) {
      throw new ExecError(
        `template: no template ${goQuote(name)} associated with template ${goQuote(this.name)}`,
      );
    }
    return this.new(name).execute(data);
  }
}

function isEmptyList(t: Tree): boolean {
  return t.root.nodes.every((n) => (n.type === 'text' && n.text.trim() === '') || n.type === 'comment');
}

/** The error classes thrown by parse (ParseError) and execute (ExecError). */
export { ExecError, ParseError };
