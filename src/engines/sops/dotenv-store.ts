import {
  type Branch,
  formatFloatG,
  formatFloatPlain,
  type Item,
  isBranch,
  isComment,
  isTime,
  type Value,
} from './tree.ts';

/** Reads a dotenv file as sops does: `KEY=value` lines, `#` comments, `\n` escapes in values. */
export function parseDotenvTree(text: string): Branch {
  const items: Item[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      items.push({ key: { comment: line.slice(1) }, value: null });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error('invalid dotenv input line');
    items.push({ key: line.slice(0, eq), value: line.slice(eq + 1).replaceAll('\\n', '\n') });
  }
  return { items };
}

function valueText(v: Value): string {
  if (typeof v === 'string') return v.replaceAll('\n', '\\n');
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    // sops prints floats with %G and keeps a decimal point on integral ones
    const g = formatFloatG(v).toUpperCase();
    return g.includes('.') || g.includes('E') ? g : `${formatFloatPlain(v)}.0`;
  }
  if (isTime(v)) return v.time.replace(/\.\d+(?=Z|[+-])/, '');
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return '';
}

/** Emits a flat tree as sops prints dotenv; nested values are an error, as in sops. */
export function emitDotenvTree(root: Branch): string {
  let out = '';
  for (const it of root.items) {
    if (isComment(it.key)) {
      out += `#${it.key.comment}\n`;
      continue;
    }
    if (isBranch(it.value) || Array.isArray(it.value)) {
      throw new Error(`cannot use complex value in dotenv file; offending key ${it.key}`);
    }
    out += `${it.key}=${valueText(it.value)}\n`;
  }
  return out;
}
