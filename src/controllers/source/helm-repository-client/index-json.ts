import type { RepositoryIndex } from './repository-index.ts';

const METADATA_FIELDS = [
  'name',
  'home',
  'sources',
  'version',
  'description',
  'keywords',
  'maintainers',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'deprecated',
  'annotations',
  'kubeVersion',
  'dependencies',
  'type',
];
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

function empty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function sortedMap(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}

function timeString(v: unknown): string {
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  return typeof v === 'string' && v !== '' ? v : GO_ZERO_TIME;
}

/** One chart version in Helm's `repo.ChartVersion` field order (the embedded metadata first). */
function chartVersionJson(cv: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of METADATA_FIELDS) {
    const v = cv[f];
    if (!empty(v)) out[f] = f === 'annotations' ? sortedMap(v as Record<string, unknown>) : v;
  }
  out.urls = cv.urls ?? null;
  out.created = timeString(cv.created);
  if (cv.removed === true) out.removed = true;
  for (const f of ['digest', 'checksum', 'engine', 'tillerVersion', 'url']) if (!empty(cv[f])) out[f] = cv[f];
  return out;
}

/**
 * The stored form of a Helm repository index, as Flux writes it: Go's `json.MarshalIndent` of
 * Helm's `repo.IndexFile` (two-space indent, struct field order, map keys sorted, `<`, `>` and
 * `&` escaped). Consumers read it as YAML, which JSON is.
 */
export function indexToJson(index: RepositoryIndex & Record<string, unknown>): string {
  const doc: Record<string, unknown> = {};
  if (!empty(index.serverInfo)) doc.serverInfo = sortedMap(index.serverInfo as Record<string, unknown>);
  doc.apiVersion = index.apiVersion;
  doc.generated = timeString(index.generated);
  const entries: Record<string, unknown> = {};
  for (const name of Object.keys(index.entries).sort())
    entries[name] = index.entries[name].map((cv) => chartVersionJson(cv));
  doc.entries = entries;
  if (!empty(index.publicKeys)) doc.publicKeys = index.publicKeys;
  if (!empty(index.annotations)) doc.annotations = sortedMap(index.annotations as Record<string, unknown>);
  return JSON.stringify(doc, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
