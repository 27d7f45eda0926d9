import { createHash } from 'node:crypto';
import {
  goJsonMarshal,
  mergeMaps,
  parseSetFlag,
  parseValuesYaml,
  type Values,
} from '../../engines/helm/index.ts';
import { isNotFound, type KubeClient } from '../../runtime/kube/index.ts';
import { TransientError, toError } from '../../runtime/reconcile/index.ts';
import type { HelmReleaseObject } from './env.ts';

/** Flux's reason when the values cannot be composed. */
export const ValuesError = 'ValuesError';

type ValuesReference = NonNullable<HelmReleaseObject['spec']['valuesFrom']>[number];

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

/**
 * Reads every `valuesFrom` ConfigMap or Secret (in the HelmRelease's namespace) and merges the
 * values (see {@link mergeValues}). A missing object or key fails with Flux's words ("could not
 * find Secret 'ns/name'", "missing key 'k' in ConfigMap 'ns/name'") unless it is `optional`.
 */
export async function composeValues(kube: KubeClient, obj: HelmReleaseObject): Promise<Values> {
  const namespace = obj.metadata?.namespace ?? '';
  const sources: ValuesSource[] = [];
  try {
    for (const ref of obj.spec.valuesFrom ?? []) {
      const id = `${ref.kind} '${namespace}/${ref.name}'`;
      const resource = ref.kind === 'Secret' ? 'secrets' : 'configmaps';
      let found: { data?: Record<string, string> } | undefined;
      try {
        found = await kube.get({ version: 'v1', resource, namespace, name: ref.name });
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
        if (ref.optional) continue;
        throw new Error(`could not find ${id}`);
      }
      const key = ref.valuesKey || 'values.yaml';
      const raw = found?.data?.[key];
      if (raw === undefined) {
        if (ref.optional) continue;
        throw new Error(`missing key '${key}' in ${id}`);
      }
      sources.push({ ref, text: ref.kind === 'Secret' ? Buffer.from(raw, 'base64').toString('utf8') : raw });
    }
    return mergeValues(sources, obj.spec.values);
  } catch (e: unknown) {
    throw new TransientError(ValuesError, toError(e).message, { cause: e });
  }
}

/**
 * The digest of a release's values, as Flux's `lastAttemptedConfigDigest` and history record it:
 * SHA-256 of Go's JSON encoding (sorted keys, trailing newline); empty values hash nothing.
 */
export function configDigest(values: Values | undefined): string {
  const h = createHash('sha256');
  if (values && Object.keys(values).length > 0) h.update(`${goJsonMarshal(values)}\n`);
  return `sha256:${h.digest('hex')}`;
}
