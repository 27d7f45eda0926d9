import { naturalLess } from './key-order.ts';
import type { YamlNode } from './node.ts';
import { goJsonFloat, goYamlFloat, goYamlNumberFromJson } from './number.ts';

/**
 * sigs.k8s.io/yaml prints through JSON text that go-yaml reads back: a raw NEL (U+0085) inside a
 * JSON string is a line break to that reader, folded like any break in a quoted scalar (spaces
 * around it dropped, one break becomes a space, n breaks become n-1 newlines).
 */
export function foldNel(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/ *(?:\u0085 *)+/g, (run) => {
    const n = run.split('\u0085').length - 1;
    return n === 1 ? ' ' : '\n'.repeat(n - 1);
  });
}

/** A map's entries as go-yaml writes them: keys as read back from JSON, in natural order. */
export function jsonMapEntries(entries: [string, YamlNode][]): [string, YamlNode][] {
  return entries.map(([k, v]): [string, YamlNode] => [foldNel(k), v]).sort(([a], [b]) => naturalLess(a, b));
}

/**
 * A plain JSON-like value (objects, arrays, strings, numbers, booleans, null) as sigs.k8s.io/yaml
 * sees it after its JSON round trip: numbers as their JSON text read back, NEL folded, keys sorted.
 */
export function jsonNode(v: unknown): YamlNode {
  if (v === null || v === undefined) return { t: 'null' };
  switch (typeof v) {
    case 'string':
      return { t: 'str', v: foldNel(v) };
    case 'boolean':
      return { t: 'bool', v };
    case 'number':
      return { t: 'num', text: Number.isFinite(v) ? goYamlNumberFromJson(goJsonFloat(v)) : goYamlFloat(v) };
    case 'bigint':
      return { t: 'num', text: goYamlNumberFromJson(v.toString()) };
  }
  if (Array.isArray(v)) return { t: 'seq', items: v.map(jsonNode) };
  if (typeof v === 'object')
    return { t: 'map', entries: jsonMapEntries(Object.entries(v).map(([k, x]) => [k, jsonNode(x)])) };
  return { t: 'str', v: foldNel(String(v)) };
}
