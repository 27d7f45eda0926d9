import { createHash } from 'node:crypto';
import type { KubeObject } from './types.ts';

/** JSON as Go's encoding/json writes it: sorted map keys, and <, >, &, U+2028/9 escaped. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `{${keys.map((k) => `${goString(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return goString(v);
  return JSON.stringify(v);
}

function goString(s: string): string {
  return JSON.stringify(s)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** kustomize's 10-character name suffix from a hex digest (vowels and digits some words need are swapped). */
function encodeHash(hex: string): string {
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

/**
 * The content hash kustomize appends to generated ConfigMap and Secret names: a SHA-256 over the
 * JSON of the kind, an empty name, type (Secrets) and data, encoded to 10 safe characters.
 */
export function contentHash(obj: KubeObject): string {
  // kustomize hashes the generated object before it is named, so the name is always empty
  const name = '';
  let doc: Record<string, unknown>;
  // kustomize writes an empty data map as the empty string
  const data = obj.data && Object.keys(obj.data).length ? obj.data : '';
  if (obj.kind === 'Secret') {
    doc = { kind: 'Secret', type: obj.type ?? '', name, data };
    if (obj.stringData && Object.keys(obj.stringData).length) doc.stringData = obj.stringData;
  } else {
    doc = { kind: obj.kind ?? 'ConfigMap', name, data };
    if (obj.binaryData && Object.keys(obj.binaryData).length) doc.binaryData = obj.binaryData;
  }
  const hex = createHash('sha256').update(goJson(doc)).digest('hex');
  return encodeHash(hex);
}
