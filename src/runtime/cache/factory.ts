import type { KubeClient, KubeObject, ResourceRef, RestMapper } from '../kube/index.ts';
import { Informer } from './informer.ts';
import type { ReflectorOptions } from './reflector.ts';

/** What selects one shared informer: the collection, its namespace and its selectors. */
export interface InformerKey {
  ref: ResourceRef;
  labelSelector?: string;
  fieldSelector?: string;
}

function keyOf(k: InformerKey): string {
  const r = k.ref;
  return [
    r.group ?? '',
    r.version,
    r.resource,
    r.namespace ?? '',
    k.labelSelector ?? '',
    k.fieldSelector ?? '',
  ].join('|');
}

/**
 * Hands out one {@link Informer} per collection (and namespace and selector), however many
 * controllers ask, so each kind is listed and watched once per process. Informers requested after
 * {@link start} start at once.
 */
export class SharedInformerFactory {
  private readonly kube: KubeClient;
  private readonly defaults: ReflectorOptions<KubeObject>;
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;

  constructor(kube: KubeClient, defaults: ReflectorOptions<KubeObject> = {}) {
    this.kube = kube;
    this.defaults = defaults;
  }

  /** The shared informer of a collection, created on first request. */
  informerFor<T extends KubeObject = KubeObject>(key: InformerKey): Informer<T> {
    const k = keyOf(key);
    let inf = this.informers.get(k);
    if (!inf) {
      inf = new Informer(
        this.kube,
        { ...key.ref, name: undefined },
        {
          ...this.defaults,
          labelSelector: key.labelSelector,
          fieldSelector: key.fieldSelector,
        },
      );
      this.informers.set(k, inf);
      if (this.started) inf.start();
    }
    return inf as unknown as Informer<T>;
  }

  /**
   * The shared informer of a kind, mapped to its resource through discovery; `namespace` scopes
   * it (ignored for cluster-scoped kinds).
   */
  async informerForKind<T extends KubeObject = KubeObject>(
    mapper: RestMapper,
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<Informer<T>> {
    const m = await mapper.mapping(apiVersion, kind);
    return this.informerFor<T>({
      ref: {
        group: m.group,
        version: m.version,
        resource: m.resource,
        namespace: m.namespaced ? options.namespace : undefined,
      },
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
  }

  /** How many distinct informers exist. */
  get size(): number {
    return this.informers.size;
  }

  /** Starts every informer, and those created later. */
  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  /** Resolves when every informer has its first list. */
  async waitForCacheSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
  }

  /** Stops every informer and waits for their watches to close. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
