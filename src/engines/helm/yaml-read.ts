import { parseAllDocuments, type Tags } from 'yaml';
import { formatGoFloat } from '../yaml/index.ts';
import type { Values } from './coalesce.ts';
import { parseYamlFast } from './yaml-fast.ts';

/**
 * YAML as Helm reads it (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 scalars (yes/no/on/off
 * booleans, 0755 octals), timestamps kept as strings, then a round trip through JSON, so every
 * number is a float64 (a JS number), every map key a string, and only the first document counts.
 */
function keepTag(t: Tags[number]): boolean {
  const tag = (t as { tag?: string }).tag ?? '';
  const test = (t as { test?: RegExp }).test;
  if (tag.endsWith(':timestamp')) return false;
  // go-yaml v2 does not resolve sexagesimal (base 60) numbers: `1:20` stays a string
  if (test && String(test).includes('(?::[0-5]?[0-9])')) return false;
  return true;
}

const OPTIONS = {
  version: '1.1' as const,
  schema: 'yaml-1.1',
  customTags: (tags: Tags) => tags.filter(keepTag),
  uniqueKeys: false,
  merge: true,
  strict: false,
  prettyErrors: false,
};

/** Parses the first YAML document of `text` into JSON-like values as Helm sees them. */
export function parseYaml(text: string): unknown {
  const fast = parseYamlFast(text);
  if (fast) return fast.value;
  const docs = parseAllDocuments(text, OPTIONS);
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[0];
  if (!doc) return null;
  if (doc.errors.length > 0) throw new Error(yamlErrorMessage(doc.errors[0]));
  return docToValue(doc);
}

/** Parses every document of a multi-document stream (for manifests and `fromYamlArray`). */
export function parseYamlDocuments(text: string): unknown[] {
  const docs = parseAllDocuments(text, OPTIONS);
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((d) => {
    if (d.errors.length > 0) throw new Error(yamlErrorMessage(d.errors[0]));
    return docToValue(d);
  });
}

/** Parses a values file: the empty document is an empty map; anything but a map is an error. */
export function parseValuesYaml(text: string): Values {
  const v = parseYaml(text);
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new Error(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`,
    );
  }
  return v as Values;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function yamlErrorMessage(e: { message: string; linePos?: [{ line: number }, ...unknown[]] }): string {
  const line = e.linePos?.[0]?.line;
  const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${msg}`;
}

/** Turns a parsed document into plain values; aliases and merge keys are resolved by the parser. */
function docToValue(doc: { toJS(o?: object): unknown }): unknown {
  return fixScalars(doc.toJS({ maxAliasCount: -1 }));
}

/** Binary scalars become base64 strings, as they do after Helm's YAML-to-JSON conversion. */
function fixScalars(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fixScalars(v[i]);
    return v;
  }
  if (v instanceof Map) {
    const out: Values = {};
    for (const [k, x] of v) out[keyString(k)] = fixScalars(x);
    return out;
  }
  if (v instanceof Set) return [...v].map(fixScalars);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = fixScalars(o[k]);
    return o;
  }
  return v;
}

function keyString(k: unknown): string {
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return formatGoFloat(k);
  if (typeof k === 'boolean') return String(k);
  return JSON.stringify(k);
}
