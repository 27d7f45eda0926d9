import type { LookupKey, LookupResolver } from '../../engines/helm/index.ts';
import { isNotFound, type KubeClient, NoKindMatchError, type RestMapper } from '../kube/index.ts';

/**
 * Helm's `lookup` answered from the release's target cluster (the client of its kubeConfig and
 * service account, as Helm runs lookups with the release's credentials during install and
 * upgrade): a name gets the object, an empty name the list (`{items: [...]}`, across every
 * namespace when the namespace is empty too); an object or kind that does not exist is an empty
 * map. Any other error (e.g. forbidden) fails the render, as it fails Helm's.
 */
export function clusterLookup(kube: KubeClient, mapper: RestMapper): LookupResolver {
  return (keys) => Promise.all(keys.map((k) => lookupOne(kube, mapper, k)));
}

async function lookupOne(
  kube: KubeClient,
  mapper: RestMapper,
  key: LookupKey,
): Promise<Record<string, unknown>> {
  try {
    const mapping = await mapper.mapping(key.apiVersion, key.kind);
    const ref = {
      group: mapping.group,
      version: mapping.version,
      resource: mapping.resource,
      namespace: mapping.namespaced && key.namespace ? key.namespace : undefined,
    };
    if (!key.name) return (await kube.list(ref)) as unknown as Record<string, unknown>;
    return await kube.get<Record<string, unknown>>({ ...ref, name: key.name });
  } catch (e: unknown) {
    if (isNotFound(e) || e instanceof NoKindMatchError) return {};
    throw e;
  }
}
