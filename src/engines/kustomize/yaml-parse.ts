import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { goYamlTimestamp } from '../yaml/index.ts';

/**
 * Parses YAML text the way kustomize's reader does (go-yaml v3, YAML 1.2 core rules with Go's
 * number syntax): plain scalars become null, booleans, numbers or strings; quoted and block
 * scalars stay strings. Returns one value per document (empty documents are dropped) or throws
 * YamlError carrying the 1-based line of the first problem. Duplicate mapping keys are accepted
 * (the last wins) unless `uniqueKeys` is set, as kustomize refuses them in resource files.
 */
export function parseYamlDocuments(text: string, options: { uniqueKeys?: boolean } = {}): unknown[] {
  const lc = new LineCounter();
  const uniqueKeys = options.uniqueKeys ?? false;
  const docs = parseAllDocuments(text, { schema: 'failsafe', lineCounter: lc, uniqueKeys });
  const out: unknown[] = [];
  for (const doc of docs as Document[]) {
    const err = doc.errors[0];
    if (err) throw new YamlError(err.message.split('\n')[0].replace(/:$/, ''), err.linePos?.[0].line);
    if (doc.contents === null) continue;
    const v = toValue(doc.contents as Node, doc);
    if (v === null || v === undefined) continue;
    out.push(v);
  }
  return out;
}

/** A YAML syntax error with the line it was found on. */
export class YamlError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'YamlError';
    this.line = line;
  }
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function goInt(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  let v: number;
  if (/^0[xX]/.test(body)) v = Number.parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) v = Number.parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) v = Number.parseInt(body.slice(2), 2);
  else if (body.length > 1 && body[0] === '0') v = Number.parseInt(body.slice(1), 8);
  else v = Number(body);
  return m[1] === '-' ? -v : v;
}

/** Resolves a plain scalar's text to its value under go-yaml v3's rules. */
export function resolvePlain(s: string): unknown {
  if (NULLS.has(s)) return null;
  if (TRUES.has(s)) return true;
  if (FALSES.has(s)) return false;
  const c = s[0];
  if (c === '.') {
    if (/^\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s)) throw new YamlError(`json: unsupported value: ${s}`);
    if (FLOAT_RE.test(s)) return Number(s);
    return s;
  }
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (/^[-+]\.(inf|Inf|INF)$/.test(s)) throw new YamlError(`json: unsupported value: ${s}`);
    const ts = goYamlTimestamp(s);
    if (ts !== undefined) return ts;
    const plain = s.replaceAll('_', '');
    const i = goInt(plain);
    if (i !== undefined) return i;
    // Go's ParseFloat fails on overflow, and the text then stays a string
    if (FLOAT_RE.test(plain) && Number.isFinite(Number(plain))) return Number(plain);
  }
  return s;
}

function toValue(node: Node | null, doc: Document, depth = 0): unknown {
  if (node === null || node === undefined) return null;
  if (depth > 200) throw new YamlError('document nested too deeply');
  if (isAlias(node)) return toValue((node as Alias).resolve(doc) as Node, doc, depth + 1);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && key.value === '<<' && key.type === 'PLAIN') {
        const src = toValue(pair.value as Node, doc, depth + 1);
        for (const m of Array.isArray(src) ? src : [src]) {
          if (m && typeof m === 'object') for (const [k, v] of Object.entries(m)) if (!(k in out)) out[k] = v;
        }
        continue;
      }
      const k = toValue(key, doc, depth + 1);
      out[k === null ? 'null' : String(k)] = toValue(pair.value as Node, doc, depth + 1);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((n) => toValue(n as Node, doc, depth + 1));
  if (isScalar(node)) {
    const v = String(node.value ?? '');
    if (node.tag === 'tag:yaml.org,2002:str' || node.tag === '!!str') return v;
    if (node.type === 'PLAIN' && !node.tag) return resolvePlain(v);
    if (node.tag === 'tag:yaml.org,2002:int' || node.tag === 'tag:yaml.org,2002:float') return Number(v);
    if (node.tag === 'tag:yaml.org,2002:bool') return v === 'true';
    return v;
  }
  return null;
}
