import { type Informer, type InformerKey, SharedInformerFactory } from '../cache/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../kube/index.ts';
import type { OwnerLabelKeys } from './manager.ts';

/** Called with an object's cached state: now, and on every change (undefined once it is gone). */
export type ObjectObserver = (obj: KubeObject | undefined) => void;

/** What {@link OwnedObjectCache.get} knows of one object. */
export interface CachedLookup {
  /** The cached object; undefined when the cache holds none (it may still exist, unlabeled). */
  obj?: KubeObject;
}

/**
 * The objects a controller applied (those carrying its owner name label), kept by one
 * cluster-wide, label-selected informer per resource, started the first time that resource is
 * asked for. A controller that applies thousands of objects needs, for the ones it already owns,
 * neither a GET before each dry-run nor a list and a watch per health check: both are read
 * here, so the API server sees one list and one watch per resource for the whole process.
 * managedFields are kept, since taking fields over from kubectl reads them. A resource whose
 * informer cannot sync (e.g. a role without cluster-wide list) is not cached: callers then ask
 * the API server, as they would without a cache.
 */
export class OwnedObjectCache {
  private readonly factory: SharedInformerFactory;
  private readonly labelSelector: string;
  private readonly syncTimeoutMs: number;
  private readonly failed = new Set<string>();
  private readonly hooked = new Set<string>();
  private readonly observers = new Map<string, Set<ObjectObserver>>();

  constructor(
    kube: KubeClient,
    labels: OwnerLabelKeys,
    options: { syncTimeoutMs?: number; onError?: (err: Error) => void } = {},
  ) {
    this.labelSelector = labels.name;
    this.syncTimeoutMs = options.syncTimeoutMs ?? 30_000;
    this.factory = new SharedInformerFactory(kube, { transform: (o) => o, onError: options.onError });
    this.factory.start();
  }

  /**
   * The cached state of the object `ref` names; undefined when its resource is not cached (ask
   * the API server instead).
   */
  async get(ref: ResourceRef): Promise<CachedLookup | undefined> {
    const informer = await this.synced(ref);
    if (!informer) return undefined;
    return { obj: informer.get(ref.namespace || undefined, ref.name ?? '') };
  }

  /**
   * Follows one object: `observe` gets its cached state at once and on every change. Returns
   * the function that stops following, or undefined when its resource is not cached.
   */
  async follow(ref: ResourceRef, observe: ObjectObserver): Promise<(() => void) | undefined> {
    const informer = await this.synced(ref);
    if (!informer) return undefined;
    const key = objectKeyOf(collectionKey(ref), ref.namespace, ref.name);
    let set = this.observers.get(key);
    if (!set) {
      set = new Set();
      this.observers.set(key, set);
    }
    set.add(observe);
    observe(informer.get(ref.namespace || undefined, ref.name ?? ''));
    return () => {
      set.delete(observe);
      if (set.size === 0) this.observers.delete(key);
    };
  }

  /** Stops every informer. */
  stop(): Promise<void> {
    return this.factory.stop();
  }

  // the informer of the object's collection once synced; undefined if it cannot sync in time
  private async synced(ref: ResourceRef): Promise<Informer | undefined> {
    const collection = collectionKey(ref);
    if (this.failed.has(collection)) return undefined;
    const key: InformerKey = {
      ref: { group: ref.group, version: ref.version, resource: ref.resource },
      labelSelector: this.labelSelector,
    };
    const informer = this.factory.informerFor(key);
    if (!this.hooked.has(collection)) {
      this.hooked.add(collection);
      const notify = (obj: KubeObject, gone: boolean) => {
        const set = this.observers.get(objectKeyOf(collection, obj.metadata?.namespace, obj.metadata?.name));
        if (set) for (const o of set) o(gone ? undefined : obj);
      };
      informer.addEventHandler({
        onAdd: (obj) => notify(obj, false),
        onUpdate: (_old, obj) => notify(obj, false),
        onDelete: (obj) => notify(obj, true),
      });
    }
    if (informer.hasSynced()) return informer;
    try {
      await informer.waitForSync(AbortSignal.timeout(this.syncTimeoutMs));
      return informer;
    } catch {
      this.failed.add(collection);
      return undefined;
    }
  }
}

function collectionKey(ref: ResourceRef): string {
  return `${ref.group ?? ''}/${ref.version}/${ref.resource}`;
}

function objectKeyOf(collection: string, namespace: string | undefined, name: string | undefined): string {
  return `${collection}|${namespace ?? ''}/${name ?? ''}`;
}
