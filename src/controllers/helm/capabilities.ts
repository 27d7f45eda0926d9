import type { KubeClient, RestMapper } from '../../runtime/kube/index.ts';

/** What a render's `.Capabilities` says of the target cluster. */
export interface ClusterCapabilities {
  /** The API server's `gitVersion`, e.g. `v1.35.0`. */
  kubeVersion?: string;
  /** The preferred `group/version` of every served API group. */
  apiVersions: string[];
}

const known = new WeakMap<KubeClient, Promise<ClusterCapabilities>>();

/**
 * The target cluster's capabilities from its discovery (`/version` and the preferred version of
 * each API group), asked once per client: a chart's `.Capabilities.APIVersions.Has` sees what the
 * cluster serves. Helm also lists every non-preferred version and `group/version/Kind`; a
 * chart testing those gets Helm's built-in defaults for them. A failed discovery is not cached.
 */
export function clusterCapabilities(kube: KubeClient, mapper: RestMapper): Promise<ClusterCapabilities> {
  let found = known.get(kube);
  if (!found) {
    found = (async () => {
      const version = await kube.request<{ gitVersion?: string }>({ path: '/version' });
      return { kubeVersion: version.gitVersion, apiVersions: await mapper.preferredVersions() };
    })();
    found.catch(() => known.delete(kube));
    known.set(kube, found);
  }
  return found;
}
