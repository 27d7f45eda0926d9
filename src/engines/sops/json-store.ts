import { type Branch, formatFloatJson, type Item, isBranch, isComment, isTime, type Value } from './tree.ts';

/**
 * Reads a JSON document into an ordered tree (key order and duplicates kept, integers exact), as
 * sops' JSON store does; only a top-level object is accepted.
 */
export function parseJsonTree(text: string): Branch {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`could not unmarshal input data: ${what} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const value = (): Value => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') {
      i++;
      const out: Value[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else fail('expected , or ]');
      }
    }
    if (c === '"') return string();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) return fail('invalid value');
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    if (m[1] === undefined && m[2] === undefined) {
      const n = BigInt(m[0]);
      if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
    }
    return Number(m[0]);
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const object = (): Branch => {
    i++;
    const items: Item[] = [];
    ws();
    if (text[i] === '}') {
      i++;
      return { items };
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail('expected object key');
      const key = string();
      ws();
      if (text[i] !== ':') fail('expected :');
      i++;
      items.push({ key, value: value() });
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        return { items };
      } else fail('expected , or }');
    }
  };
  ws();
  if (text[i] !== '{') {
    throw new Error("sops only supports JSON files with a top-level object (starting with '{')");
  }
  const root = object();
  ws();
  return root;
}

/** Go's encoding/json string form: HTML-sensitive characters and U+2028/2029 escaped. */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function encode(v: Value, indent: string, depth: number): string {
  const pad = (d: number) => `\n${indent.repeat(d)}`;
  if (isBranch(v)) {
    const entries = v.items.filter((it) => !isComment(it.key));
    if (entries.length === 0) return '{}';
    const parts = entries.map(
      (it) => `${pad(depth + 1)}${jsonString(it.key as string)}: ${encode(it.value, indent, depth + 1)}`,
    );
    return `{${parts.join(',')}${pad(depth)}}`;
  }
  if (Array.isArray(v)) {
    const entries = v.filter((x) => !isComment(x));
    if (entries.length === 0) return '[]';
    return `[${entries.map((x) => `${pad(depth + 1)}${encode(x, indent, depth + 1)}`).join(',')}${pad(depth)}]`;
  }
  if (v === null) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatFloatJson(v);
  if (typeof v === 'boolean') return String(v);
  if (isTime(v)) return JSON.stringify(v.time);
  if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v).toString('base64'));
  return jsonString(v.comment);
}

/** Emits the tree as sops prints JSON: tab-indented, comments dropped, trailing newline. */
export function emitJsonTree(root: Branch): string {
  return `${encode(root, '\t', 0)}\n`;
}
