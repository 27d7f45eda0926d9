import { type Branch, flatValueText, type Item, isBranch, isComment, type Value } from './tree.ts';

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

/** sops' dotenv text of a value: newlines in strings escaped, anything else as in every flat format. */
const valueText = (v: Value): string =>
  typeof v === 'string' ? v.replaceAll('\n', '\\n') : flatValueText(v);

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
