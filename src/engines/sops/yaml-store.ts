import { isAlias, isMap, isPair, isScalar, isSeq, type Node, parseAllDocuments } from 'yaml';
import { formatGoFloat, goYamlTimestamp } from '../yaml/index.ts';
import { type Branch, type Comment, type Item, isBranch, isComment, isTime, type Value } from './tree.ts';

const commentLines = (text: string | null | undefined, inline = false): Comment[] =>
  (text ?? '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => ({ comment: l, ...(inline ? { inline: true } : {}) }));

function scalarValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  // integers arrive as bigints (intAsBigInt), so a number here is a float even when integral
  if (typeof v === 'number') return v;
  if (v instanceof Uint8Array) return v;
  return String(v);
}

function nodeToValue(node: unknown): Value {
  if (isAlias(node)) throw new Error('YAML aliases are not supported');
  if (isMap(node)) return mapToBranch(node);
  if (isSeq(node)) {
    const out: Value[] = [];
    for (const item of node.items as Node[]) {
      out.push(...commentLines((item as { commentBefore?: string }).commentBefore));
      if (isScalar(item)) out.push(...commentLines(item.comment, true));
      out.push(nodeToValue(item));
      if (!isScalar(item)) out.push(...commentLines((item as { comment?: string }).comment));
    }
    return out;
  }
  if (isScalar(node)) {
    // integers that fit a JS number come back as number with intAsBigInt off; keep the source form
    const v = node.value;
    if (
      typeof v === 'number' &&
      Number.isInteger(v) &&
      /^[-+]?(0|[1-9][0-9]*)$/.test(String(node.source ?? ''))
    )
      return BigInt(v);
    if (typeof v === 'string' && node.type === 'PLAIN') {
      const time = goYamlTimestamp(v);
      if (time !== undefined) return { time };
    }
    return scalarValue(v);
  }
  return null;
}

function mapToBranch(map: unknown): Branch {
  const items: Item[] = [];
  for (const pair of (map as { items: unknown[] }).items) {
    if (!isPair(pair)) continue;
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    for (const c of commentLines((key as { commentBefore?: string } | null)?.commentBefore))
      items.push({ key: c, value: null });
    const scalarValueNode = value === null || isScalar(value) || isAlias(value);
    if (scalarValueNode && value) {
      for (const c of commentLines((value as { commentBefore?: string }).commentBefore))
        items.push({ key: c, value: null });
      for (const c of commentLines((value as { comment?: string }).comment, true))
        items.push({ key: c, value: null });
    }
    const k = key === null ? '' : isScalar(key) ? key.value : key;
    if (typeof k !== 'string') {
      throw new Error('Tree contains a non-string key. Only string keys are supported');
    }
    items.push({ key: k, value: value === null ? null : nodeToValue(value) });
    if (value && !scalarValueNode) {
      for (const c of commentLines((value as { comment?: string }).comment))
        items.push({ key: c, value: null });
    }
  }
  return { items };
}

/** Reads every YAML document of a file into trees (YAML 1.2 core schema, comments kept). */
export function parseYamlTrees(text: string): Branch[] {
  const docs = parseAllDocuments(text, {
    version: '1.2',
    schema: 'core',
    intAsBigInt: true,
    uniqueKeys: true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Branch[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0)
      throw new Error(`Error unmarshaling input YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
    const items: Item[] = commentLines(doc.commentBefore).map((c) => ({ key: c, value: null }));
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) {
      out.push({ items });
      continue;
    }
    if (isSeq(contents))
      throw new Error('Error unmarshaling input YAML: YAML documents that are sequences are not supported');
    if (!isMap(contents))
      throw new Error('Error unmarshaling input YAML: YAML documents that are values are not supported');
    items.push(...commentLines(contents.commentBefore).map((c) => ({ key: c, value: null })));
    items.push(...mapToBranch(contents).items);
    items.push(...commentLines(doc.comment).map((c) => ({ key: c, value: null })));
    out.push({ items });
  }
  return out;
}

// ---- emitting, as go-yaml v3 with indent 4 prints sops' output ----

const INDENT = 4;

/** Strings go-yaml v3 would read back as something else, so they must be quoted. */
function resolvesToNonString(s: string): boolean {
  if (/^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(s)) return true;
  if (/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s)) return true;
  if (/^[-+]?(?:0|[1-9][0-9_]*)$/.test(s) || /^0[0-7_]+$/.test(s) || /^0o[0-7_]+$/.test(s)) return true;
  if (/^[-+]?0x[0-9a-fA-F_]+$/.test(s) || /^[-+]?0b[01_]+$/.test(s)) return true;
  if (/^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s)) return true;
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s) || /^\.(?:nan|NaN|NAN)$/.test(s)) return true;
  if (
    /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/.test(
      s,
    )
  )
    return true;
  return s === '<<';
}

function printable(s: string): boolean {
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/.test(s);
}

function canBePlain(s: string): boolean {
  if (s === '' || resolvesToNonString(s)) return false;
  if (/^\s|\s$/.test(s) || s.includes('\n') || s.includes('\t')) return false;
  if (/^[-?:](?:\s|$)/.test(s)) return false;
  if (/^[,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  return printable(s);
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 0) out += '\\0';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0xfeff)
      out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function literalBlock(s: string, indent: number): string | undefined {
  if (!printable(s) || /[ \t]\n|[ \t]$/.test(s) || s.includes('\r')) return undefined;
  const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const indicator = /^[ \n]/.test(s) ? String(INDENT) : '';
  const body = s.slice(0, s.length - Math.max(trailing, 0));
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  const extra = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
  return `|${indicator}${chomp}\n${lines.join('\n')}\n${extra}`;
}

function scalarText(v: Value, indent: number): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return formatGoFloat(v);
  }
  if (isTime(v)) return v.time;
  if (v instanceof Uint8Array) return `!!binary ${Buffer.from(v).toString('base64')}`;
  const s = typeof v === 'string' ? v : (v as Comment).comment;
  if (canBePlain(s)) return s;
  if (s.includes('\n')) {
    const block = literalBlock(s, indent);
    if (block) return block;
  }
  // v3 double-quotes what would read back as another type; other non-plain text is single-quoted
  if (s === '' || resolvesToNonString(s)) return doubleQuoted(s);
  if (printable(s) && !s.includes('\n') && !s.includes('\t')) return `'${s.replaceAll("'", "''")}'`;
  return doubleQuoted(s);
}

class YamlWriter {
  out = '';
  line(indent: number, text: string): void {
    this.out += `${' '.repeat(indent)}${text}\n`;
  }
}

const inlineSuffix = (cs: string[]) => (cs.length > 0 ? ` #${cs.join(' #')}` : '');

function emitValueAfterKey(w: YamlWriter, prefix: string, v: Value, indent: number, inline: string[]): void {
  if (isBranch(v) && v.items.some((it) => !isComment(it.key))) {
    w.line(0, `${prefix}:${inlineSuffix(inline)}`.replace(/^/, ''));
    emitBranch(w, v, indent + INDENT);
    return;
  }
  if (Array.isArray(v) && v.some((x) => !isComment(x))) {
    w.line(0, `${prefix}:${inlineSuffix(inline)}`);
    emitSeq(w, v, indent + INDENT);
    return;
  }
  const text = isBranch(v) ? '{}' : Array.isArray(v) ? '[]' : scalarText(v, indent + INDENT);
  if (text.startsWith('|')) {
    const nl = text.indexOf('\n');
    w.out += `${prefix}: ${text.slice(0, nl)}${inlineSuffix(inline)}${text.slice(nl)}`;
  } else w.line(0, `${prefix}: ${text}${inlineSuffix(inline)}`);
}

/**
 * Emits mapping entries with keys at `keyColumn` (default `indent`); nested content is indented
 * from the logical `indent`, which differs for a mapping inside a sequence item.
 */
function emitBranch(w: YamlWriter, b: Branch, indent: number, keyColumn = indent): void {
  let head: string[] = [];
  let inline: string[] = [];
  for (const it of b.items) {
    if (isComment(it.key)) {
      if (it.key.inline) inline.push(it.key.comment);
      else head.push(it.key.comment);
      continue;
    }
    const lead = ' '.repeat(keyColumn);
    for (const c of head) w.line(keyColumn, `#${c}`);
    head = [];
    const key = scalarText(it.key, indent);
    emitValueAfterKey(w, `${lead}${key}`, it.value, indent, inline);
    inline = [];
  }
  for (const c of [...head, ...inline]) w.line(keyColumn, `#${c}`);
}

function emitSeq(w: YamlWriter, list: Value[], indent: number): void {
  let head: string[] = [];
  let inline: string[] = [];
  for (const v of list) {
    if (isComment(v)) {
      if (v.inline) inline.push(v.comment);
      else head.push(v.comment);
      continue;
    }
    for (const c of head) w.line(indent, `#${c}`);
    head = [];
    const prefix = `${' '.repeat(indent)}- `;
    if (isBranch(v) && v.items.some((it) => !isComment(it.key))) {
      emitBranchInSeq(w, v, indent, prefix);
    } else if (Array.isArray(v) && v.some((x) => !isComment(x))) {
      // a nested sequence starts on the same line: "- - a", later items aligned after "- "
      const inner = new YamlWriter();
      emitSeq(inner, v, indent + 2);
      w.out += prefix + inner.out.slice(indent + 2);
    } else {
      const text = isBranch(v) ? '{}' : Array.isArray(v) ? '[]' : scalarText(v, indent + INDENT);
      if (text.startsWith('|')) {
        const nl = text.indexOf('\n');
        w.out += `${prefix}${text.slice(0, nl)}${inlineSuffix(inline)}${text.slice(nl)}`;
      } else w.out += `${prefix}${text}${inlineSuffix(inline)}\n`;
    }
    inline = [];
  }
  for (const c of [...head, ...inline]) w.line(indent, `#${c}`);
}

function emitBranchInSeq(w: YamlWriter, b: Branch, indent: number, prefix: string): void {
  // go-yaml v3 puts the first key right after "- " and aligns the rest with it
  const inner = new YamlWriter();
  emitBranch(inner, b, indent, indent + 2);
  const text = inner.out;
  const firstKeyLine = text.split('\n').findIndex((l) => !l.trimStart().startsWith('#'));
  const lines = text.split('\n');
  const before = lines.slice(0, firstKeyLine);
  for (const l of before) w.out += `${l}\n`;
  w.out += `${prefix}${(lines[firstKeyLine] as string).slice(indent + 2)}\n`;
  w.out += lines.slice(firstKeyLine + 1).join('\n');
}

/** Emits the documents as sops prints YAML (go-yaml v3, indent 4, comments kept). */
export function emitYamlTrees(docs: Branch[]): string {
  return docs
    .map((doc) => {
      const w = new YamlWriter();
      if (!doc.items.some((it) => !isComment(it.key))) {
        for (const it of doc.items) w.line(0, `#${(it.key as Comment).comment}`);
        return w.out === '' ? '{}\n' : `${w.out}{}\n`;
      }
      emitBranch(w, doc, 0);
      return w.out;
    })
    .join('---\n');
}
