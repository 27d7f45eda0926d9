/** A FuncMap: template function names to JS functions over Go values (see value.ts). */
export type FuncMap = Record<string, (...args: any[]) => unknown>;

/**
 * A template set, like Go's *template.Template with its associated templates: templates parsed
 * into it (and their `define`s) can call each other, and functions can close over the set (Helm's
 * `include` calls {@link Template.executeTemplate} from inside a function).
 */
export class Template {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  /** Adds functions to the set's FuncMap (must precede parsing templates that use them). */
  funcs(_map: FuncMap): this {
    throw new Error('not implemented');
  }
  /** Sets options: `missingkey=default|invalid|zero|error`. */
  option(..._opts: string[]): this {
    throw new Error('not implemented');
  }
  /** Parses text as this template's body; `define`d templates join the set. */
  parse(_text: string): this {
    throw new Error('not implemented');
  }
  /** A new, empty template of the same set. */
  new(_name: string): Template {
    throw new Error('not implemented');
  }
  /** The template of the set with this name, if any. */
  lookup(_name: string): Template | undefined {
    throw new Error('not implemented');
  }
  /** A copy of the set, so templates parsed into the copy do not affect the original. */
  clone(): Template {
    throw new Error('not implemented');
  }
  /** Executes this template with `data` as dot, returning the output. */
  execute(_data: unknown): string {
    throw new Error('not implemented');
  }
  /** Executes the named template of the set with `data` as dot, returning the output. */
  executeTemplate(_name: string, _data: unknown): string {
    throw new Error('not implemented');
  }
}
