import type { ValuesReference, ValuesSource } from '../../engines/helm/index.ts';
import { isNotFound, type KubeClient } from '../kube/index.ts';

/**
 * Reads a HelmRelease's `valuesFrom` ConfigMaps and Secrets (in its namespace), in order, as the
 * text under each entry's key (`values.yaml` by default; Secret data decoded), ready for the
 * engine's `mergeValues`. A missing object or key fails with Flux's words ("could not find Secret
 * 'ns/name'", "missing key 'k' in ConfigMap 'ns/name'") unless the entry is `optional`. Shared by
 * the helm controller and `tsflux build/diff helmrelease`, which render with the live values.
 */
export async function readValuesFrom(
  kube: KubeClient,
  namespace: string,
  refs: readonly ValuesReference[],
): Promise<ValuesSource[]> {
  const sources: ValuesSource[] = [];
  for (const ref of refs) {
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
  return sources;
}
