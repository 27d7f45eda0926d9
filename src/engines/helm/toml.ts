import { GoInt, isMap, sortedKeys } from '../gotemplate/index.ts';

/**
 * TOML as Helm's toToml writes it (BurntSushi/toml's encoder): keys sorted, plain values before
 * tables, tables as `[a.b]` headers with two-space indentation per level, arrays of tables as
 * `[[a]]`. Enough for the configuration files charts render with it.
 */
export function toToml(v: unknown): string {
  if (!isMap(v)) throw new Error('toml: top-level values must be Go maps or structs');
  const out: string[] = [];
  writeTable(out, [], v as Record<string, unknown>, 0);
  return out.join('');
}

function isTableLike(v: unknown): v is Record<string, unknown> {
  return isMap(v);
}

function isArrayOfTables(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.length > 0 && v.every(isTableLike);
}

function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quote(k);
}

/** BurntSushi/toml's escapes in basic strings (other control characters become \uXXXX). */
const TOML_ESCAPES: Partial<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const esc = TOML_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof GoInt) return v.value.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return Number.isInteger(v) ? `${v}.0` : String(v);
  }
  if (Array.isArray(v)) return `[${v.map(scalar).join(', ')}]`;
  if (isMap(v)) {
    const keys = sortedKeys(v);
    return `{${keys.map((k) => `${key(k)} = ${scalar((v as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  throw new Error(`toml: cannot encode a value of type ${typeof v}`);
}

function writeTable(out: string[], path: string[], t: Record<string, unknown>, depth: number): void {
  const keys = sortedKeys(t);
  const indent = '  '.repeat(depth);
  for (const k of keys) {
    const v = t[k];
    if (v === null || v === undefined || isTableLike(v) || isArrayOfTables(v)) continue;
    out.push(`${indent}${key(k)} = ${scalar(v)}\n`);
  }
  for (const k of keys) {
    const v = t[k];
    const p = [...path, k];
    const header = p.map(key).join('.');
    const ind = '  '.repeat(depth);
    if (isTableLike(v)) {
      out.push(`\n${ind}[${header}]\n`);
      writeTable(out, p, v, depth + 1);
    } else if (isArrayOfTables(v)) {
      for (const item of v) {
        out.push(`\n${ind}[[${header}]]\n`);
        writeTable(out, p, item, depth + 1);
      }
    }
  }
}
