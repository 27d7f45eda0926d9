import { encodeJson } from '../sprig/index.ts';

/**
 * Go's encoding/json as Helm's toJson sees a template value: sprig's encoder with `<`, `>` and `&`
 * escaped. Helm's objects (Capabilities, Files...) encode through their `toGoJSON()` fields.
 */
export function goJsonMarshal(v: unknown): string {
  return encodeJson(v, { escapeHtml: true });
}
