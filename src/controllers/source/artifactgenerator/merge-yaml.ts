/**
 * The `Merge` copy strategy: YAML values merged as Helm merges values files (maps deep-merged,
 * the later file wins on every other value, lists replaced whole), written back as YAML with
 * sorted keys and unindented lists, as Go's sigs.k8s.io/yaml marshals it.
 */
import { parseAllDocuments, stringify } from 'yaml';

type Values = Record<string, unknown>;

const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges `overlay` into a copy of `base`. */
export function mergeValues(base: Values, overlay: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    const b = out[k];
    out[k] = isMap(v) && isMap(b) ? mergeValues(b, v) : v;
  }
  return out;
}

/** All documents of a YAML file merged into one map, in order. */
export function loadValues(text: string): Values {
  let out: Values = {};
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`cannot unmarshal YAML document: ${doc.errors[0].message}`);
    const v = doc.toJS();
    if (v === null || v === undefined) continue;
    if (!isMap(v)) throw new Error('cannot unmarshal YAML document: not a map');
    out = mergeValues(out, v);
  }
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isMap(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}

/** Merges the YAML `overlay` into the YAML `base` and renders the result. */
export function mergeYamlFiles(base: string, overlay: string): string {
  const merged = mergeValues(loadValues(base), loadValues(overlay));
  return stringify(sortKeys(merged), { lineWidth: 0, indentSeq: false });
}
