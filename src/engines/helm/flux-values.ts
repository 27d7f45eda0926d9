// Flux's composition of a HelmRelease's values, kept here rather than in the helm controller so
// that `tsflux build/diff helmrelease` (the CLI may not import a controller) merges exactly as it does.
import { toError } from '../errors/index.ts';
import { mergeMaps, type Values } from './coalesce.ts';
import { parseSetFlag } from './strvals.ts';
import { parseValuesYaml } from './yaml-read.ts';

/** One `valuesFrom` entry of a HelmRelease, as far as merging reads it. */
export interface ValuesReference {
  kind: string;
  name: string;
  valuesKey?: string;
  targetPath?: string;
  optional?: boolean;
  literal?: boolean;
}

/** One `valuesFrom` entry with what it read: the text under its key, or nothing (optional, absent). */
export interface ValuesSource {
  ref: ValuesReference;
  text?: string;
}

/**
 * Merges the values as Flux does: each `valuesFrom` source in order (a YAML document merged into
 * what came before, or, with `targetPath`, one value set at that path the way `--set` parses it,
 * commas kept; `literal` keeps the text as a string), then `spec.values` over everything.
 */
export function mergeValues(sources: ValuesSource[], inline: unknown): Values {
  let result: Values = {};
  for (const { ref, text } of sources) {
    if (text === undefined) continue;
    const key = ref.valuesKey || 'values.yaml';
    const where = `${ref.kind} '${ref.name}'`;
    try {
      if (ref.targetPath) {
        // Flux escapes the commas so a value is never split into several assignments
        const value = ref.literal ? text : text.replaceAll(',', '\\,');
        result = parseSetFlag(`${ref.targetPath}=${value}`, result, ref.literal ? 'literal' : 'typed');
      } else result = mergeMaps(result, parseValuesYaml(text));
    } catch (e: unknown) {
      throw new Error(`unable to read values from key '${key}' in ${where}: ${toError(e).message}`);
    }
  }
  const values = inline && typeof inline === 'object' && !Array.isArray(inline) ? (inline as Values) : {};
  return mergeMaps(result, values);
}
