import type { KubeClient } from './client.ts';
import { isNotFound } from './errors.ts';
import type { ResourceRef } from './paths.ts';

/** One resource an API group-version serves, as discovery reports it. */
export interface ApiResource {
  /** Plural name, e.g. `deployments`. */
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

/** A kind resolved to the resource that serves it. */
export interface RestMapping {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  /** What the resource supports (`list`, `watch`, `patch`...), as discovery reports it. */
  verbs: string[];
}

/** The error of mapping a kind the server does not serve, worded as Kubernetes words it. */
export class NoKindMatchError extends Error {
  constructor(kind: string, apiVersion: string) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`);
    this.name = 'NoKindMatchError';
  }
}

/** Splits `group/version` (or `v1` for the core group). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * Discovery and a REST mapper: maps group/version/kind to the plural resource and its scope by
 * asking the API server for that one group-version (`/api/v1` or `/apis/<group>/<version>`), and
 * caches the answer. A miss refetches that group-version once, so CRDs created after start map
 * without a restart; {@link invalidate} drops everything.
 */
export class RestMapper {
  private readonly kube: KubeClient;
  private readonly cache = new Map<string, Promise<ApiResource[] | undefined>>();

  constructor(kube: KubeClient) {
    this.kube = kube;
  }

  /** The top-level resources (no subresources) a group-version serves; undefined if it is not served. */
  resources(apiVersion: string): Promise<ApiResource[] | undefined> {
    let p = this.cache.get(apiVersion);
    if (!p) {
      p = this.fetch(apiVersion);
      this.cache.set(apiVersion, p);
      // a failed lookup must not stay cached
      p.catch(() => this.cache.delete(apiVersion));
    }
    return p;
  }

  private async fetch(apiVersion: string): Promise<ApiResource[] | undefined> {
    const { group } = parseApiVersion(apiVersion);
    const path = group ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    try {
      const list = await this.kube.request<{ resources?: ApiResource[] }>({ path });
      return (list.resources ?? []).filter((r) => !r.name.includes('/'));
    } catch (e: unknown) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * Maps `apiVersion` + `kind` to its resource; throws {@link NoKindMatchError} if none serves it.
   * With `settle`, a miss is asked again for up to two seconds: the API server serves a new CRD's
   * kind a moment after the CRD reports Established, so a kind just created must not fail.
   */
  async mapping(apiVersion: string, kind: string, options: { settle?: boolean } = {}): Promise<RestMapping> {
    const find = async () => (await this.resources(apiVersion))?.find((r) => r.kind === kind);
    let found = await find();
    for (let attempt = 0; !found && attempt <= (options.settle ? 8 : 0); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
      this.cache.delete(apiVersion);
      found = await find();
    }
    if (!found) throw new NoKindMatchError(kind, apiVersion);
    const { group, version } = parseApiVersion(apiVersion);
    return {
      group,
      version,
      kind,
      resource: found.name,
      namespaced: found.namespaced,
      verbs: found.verbs ?? [],
    };
  }

  /**
   * The {@link ResourceRef} of an object (or of its collection when `name` is absent). A
   * namespaced object without a namespace gets `defaultNamespace`, as kubectl does.
   */
  async refFor(
    obj: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } },
    defaultNamespace?: string,
    options: { settle?: boolean } = {},
  ): Promise<ResourceRef> {
    if (!obj.apiVersion || !obj.kind) throw new Error('object has no apiVersion or kind');
    const m = await this.mapping(obj.apiVersion, obj.kind, options);
    return {
      group: m.group,
      version: m.version,
      resource: m.resource,
      namespace: m.namespaced ? (obj.metadata?.namespace ?? defaultNamespace) : undefined,
      name: obj.metadata?.name,
    };
  }

  /** The preferred `group/version` of every API group the server serves (core `v1` first). */
  async preferredVersions(): Promise<string[]> {
    const groups = await this.kube.request<{
      groups: { name: string; preferredVersion?: { groupVersion: string } }[];
    }>({ path: '/apis' });
    const out = ['v1'];
    for (const g of groups.groups ?? []) if (g.preferredVersion) out.push(g.preferredVersion.groupVersion);
    return out;
  }

  /** Forgets all cached discovery answers. */
  invalidate(): void {
    this.cache.clear();
  }
}
