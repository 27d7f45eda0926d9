import { type Branch, flatValueText, type Item, isBranch, isComment } from './tree.ts';

/**
 * INI as sops reads and writes it through go-ini: sections (keys before the first section belong
 * to `DEFAULT`), `key = value` or `key: value`, `;`/`#` comments attached to the next section or
 * key, an inline `;`/`#` comment cut from the value. Output aligns `=` within a section and
 * separates sections by a blank line. go-ini's quoting rules for unusual values are not reproduced.
 */

const stripCommentChar = (c: string) =>
  c.startsWith(';') ? c.replace(/^[; ]+/, '') : c.startsWith('#') ? c.replace(/^[# ]+/, '') : c;

/** Reads an INI file into a tree of sections. */
export function parseIniTree(text: string): Branch {
  const sections: Item[] = [];
  let current: Branch = { items: [] };
  sections.push({ key: 'DEFAULT', value: current });
  let pending: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith(';') || line.startsWith('#')) {
      pending.push(line);
      continue;
    }
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      if (end < 0)
        throw new Error(`unclosed section: ${line.length > 40 ? `${line.slice(0, 40)}...` : line}`);
      current = { items: [] };
      if (pending.length > 0)
        current.items.push({ key: { comment: stripCommentChar(pending.join('\n')) }, value: null });
      pending = [];
      sections.push({ key: line.slice(1, end).trim(), value: current });
      continue;
    }
    const sep = line.search(/[=:]/);
    const key = (sep < 0 ? line : line.slice(0, sep)).trim();
    let value = sep < 0 ? '' : line.slice(sep + 1).trim();
    let comment = pending.join('\n');
    pending = [];
    const cut = value.search(/[;#]/);
    if (cut >= 0) {
      comment = value.slice(cut);
      value = value.slice(0, cut).trim();
    }
    current.items.push({ key, value });
    if (comment !== '') current.items.push({ key: { comment: stripCommentChar(comment) }, value: null });
  }
  return { items: sections };
}

const commentLines = (c: string) =>
  c
    .split('\n')
    .map((l) => (l.startsWith(';') || l.startsWith('#') ? l : `; ${l}`))
    .join('\n');

/** Emits a tree of sections as sops prints INI. */
export function emitIniTree(root: Branch): string {
  const blocks: string[] = [];
  for (const section of root.items) {
    if (isComment(section.key)) continue;
    if (!isBranch(section.value))
      throw new Error('Error encoding section: Section values should always be TreeBranches');
    const items = section.value.items;
    let out = '';
    let first = 0;
    const head = items[0];
    if (head && isComment(head.key)) {
      out += `${commentLines(head.key.comment)}\n`;
      first = 1;
    }
    const keys: { key: string; value: string; comment?: string }[] = [];
    for (const it of items.slice(first)) {
      if (isComment(it.key)) {
        const last = keys[keys.length - 1];
        if (last) last.comment = it.key.comment;
      } else keys.push({ key: it.key, value: flatValueText(it.value) });
    }
    const isDefault = section.key === 'DEFAULT';
    if (isDefault && keys.length === 0) continue;
    if (!isDefault) out += `[${section.key}]\n`;
    const width = Math.max(0, ...keys.map((k) => k.key.length));
    for (const k of keys) {
      if (k.comment !== undefined) out += `${commentLines(k.comment)}\n`;
      out += `${k.key.padEnd(width)} = ${k.value}\n`;
    }
    blocks.push(out);
  }
  return blocks.join('\n');
}
