import { GoFloat32, GoInt, isMap } from '../gotemplate/index.ts';
import type { GoStruct } from '../sprig/index.ts';
import {
  emitYaml,
  foldNel,
  goJsonFloat,
  goYamlFloat,
  goYamlNumberFromJson,
  jsonMapEntries,
  naturalLess,
  type YamlNode,
} from '../yaml/index.ts';

/**
 * YAML output byte for byte as Helm's toYaml produces it: sigs.k8s.io/yaml marshals to JSON, reads
 * that back with go-yaml v2 and emits it with go-yaml v2 (see engines/yaml). Helm trims the final
 * newline.
 */
export function toYaml(v: unknown): string {
  return emitYaml(toNode(v, false)).replace(/\n$/, '');
}

/**
 * Helm's toYamlPretty: go-yaml v3 encoding the value directly (no JSON round trip), indent 2.
 * Differences from {@link toYaml}: sequences are indented under their key, lines are never
 * folded, and float64 values keep Go's %g form even when integral (1234567 is `1.234567e+06`).
 */
export function toYamlPretty(v: unknown): string {
  return emitYaml(toNode(v, true), { v3: true }).replace(/\n$/, '');
}

/** A float64 as go-yaml sees it: directly (v3) or after Go's JSON encoding (sigs.k8s.io/yaml). */
const floatText = (f: number, direct: boolean) =>
  direct ? goYamlFloat(f) : goYamlNumberFromJson(goJsonFloat(f));

/** A template value as the encoder sees it; `direct` is go-yaml v3 without the JSON round trip. */
function toNode(v: unknown, direct: boolean): YamlNode {
  const rec = (x: unknown) => toNode(x, direct);
  if (v === null || v === undefined) return { t: 'null' };
  switch (typeof v) {
    case 'string':
      return { t: 'str', v: direct ? v : foldNel(v) };
    case 'boolean':
      return { t: 'bool', v };
    case 'number':
      return { t: 'num', text: floatText(v, direct) };
    case 'bigint':
      return { t: 'num', text: goYamlNumberFromJson(v.toString()) };
    case 'function':
      throw new Error('json: unsupported type: func');
  }
  if (v instanceof GoInt) return { t: 'num', text: goYamlNumberFromJson(v.value.toString()) };
  if (v instanceof GoFloat32) return { t: 'num', text: floatText(v.value, direct) };
  if (v instanceof Uint8Array) return { t: 'str', v: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { t: 'seq', items: v.map(rec) };
  if (isMap(v)) {
    const entries = Object.entries(v).map(([k, x]): [string, YamlNode] => [k, rec(x)]);
    if (!direct) return { t: 'map', entries: jsonMapEntries(entries) };
    return { t: 'map', entries: entries.sort(([a], [b]) => naturalLess(a, b)) };
  }
  const m = (v as Partial<GoStruct>).toGoJSON;
  if (typeof m === 'function') return rec(m.call(v));
  return { t: 'map', entries: [] };
}
