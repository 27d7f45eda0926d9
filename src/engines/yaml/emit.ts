import type { YamlNode } from './node.ts';
import { isSimpleKey } from './scalar-style.ts';
import { writeString } from './scalar-write.ts';
import { Writer } from './writer.ts';

/** The two go-yaml encoders whose output tsflux reproduces. */
export interface EmitOptions {
  /**
   * go-yaml v3 with indent 2 (Helm's toYamlPretty): sequences indented under their key and no
   * line folding. Default: go-yaml v2 (sigs.k8s.io/yaml: Helm's toYaml and kustomize's output),
   * sequences level with their key and long scalars folded past column 80.
   */
  v3?: boolean;
}

const INDENT = 2;

/**
 * One YAML document as go-yaml's encoder writes it (no `---`), ending with a newline unless the
 * last scalar is a block scalar whose own text ends the line.
 */
export function emitYaml(node: YamlNode, options: EmitOptions = {}): string {
  const e = new Emitter(options.v3 === true);
  // a document-level scalar's continuation lines are indented like a mapping value's
  e.node(node, node.t === 'map' || node.t === 'seq' ? 0 : INDENT, 'top');
  return e.w.endDocument();
}

/** What precedes a node on its line: nothing (the document), `key:` or `-` / `? key\n:`. */
type Context = 'top' | 'value' | 'item';

class Emitter {
  readonly w = new Writer();
  private readonly v3: boolean;
  private readonly width: number;

  constructor(v3: boolean) {
    this.v3 = v3;
    this.width = v3 ? Number.POSITIVE_INFINITY : 80;
  }

  /**
   * Emits a node. `col` is the column where the node's block lines start (keys of a mapping, dashes
   * of a sequence) and where a scalar's continuation lines go.
   */
  node(n: YamlNode, col: number, ctx: Context): void {
    const w = this.w;
    switch (n.t) {
      case 'null':
      case 'bool':
      case 'num':
      case 'str':
        if (ctx !== 'top') w.put(' ');
        if (n.t === 'str') writeString(w, n.v, { indent: col, simpleKey: false, width: this.width });
        else w.put(n.t === 'null' ? 'null' : n.t === 'bool' ? String(n.v) : n.text);
        return;
      case 'seq':
        if (n.items.length === 0) {
          w.put(ctx === 'top' ? '[]' : ' []');
          return;
        }
        n.items.forEach((item, i) => {
          this.startEntry(i, col, ctx);
          w.put('-');
          this.node(item, col + INDENT, 'item');
        });
        return;
      case 'map':
        if (n.entries.length === 0) {
          w.put(ctx === 'top' ? '{}' : ' {}');
          return;
        }
        n.entries.forEach(([k, v], i) => {
          this.startEntry(i, col, ctx);
          this.entry(k, v, col);
        });
        return;
    }
  }

  private entry(k: string, v: YamlNode, col: number): void {
    const w = this.w;
    if (isSimpleKey(k)) {
      writeString(w, k, { indent: col + INDENT, simpleKey: true, width: this.width });
      w.put(':');
      this.node(v, v.t === 'seq' && !this.v3 ? col : col + INDENT, 'value');
      return;
    }
    // long or multi-line keys are written as explicit `? key` / `: value` pairs
    w.put('? ');
    writeString(w, k, { indent: col + INDENT, simpleKey: false, width: this.width });
    w.newline(col);
    w.put(':');
    this.node(v, col + INDENT, 'item');
  }

  private startEntry(i: number, col: number, ctx: Context): void {
    if (i > 0 || ctx === 'value') this.w.newline(col);
    else if (ctx === 'item') this.w.put(' ');
  }
}
