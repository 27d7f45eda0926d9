import type { KubeClient, KubeObject, ResourceRef } from '../kube/index.ts';
import { Reflector, type ReflectorOptions, type ReflectorSink } from './reflector.ts';
import { objectKey, Store } from './store.ts';

/** Callbacks for changes an informer sees. `old` is the object the cache held before. */
export interface EventHandler<T extends KubeObject = KubeObject> {
  onAdd?(obj: T, initialList: boolean): void;
  onUpdate?(old: T, obj: T): void;
  onDelete?(obj: T): void;
}

/**
 * A cache of one kind kept current by a {@link Reflector}, with handlers notified of every change.
 * A relist tells handlers only what really changed (by resourceVersion), so a cut watch or a 410
 * never causes a storm of updates. Handlers added after the cache filled receive the current
 * objects as adds, so a late controller misses nothing.
 */
export class Informer<T extends KubeObject = KubeObject> implements ReflectorSink<T> {
  readonly store = new Store<T>();
  readonly ref: ResourceRef;
  readonly reflector: Reflector<T>;
  private readonly handlers: EventHandler<T>[] = [];
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private controller?: AbortController;
  private running?: Promise<void>;

  constructor(kube: KubeClient, ref: ResourceRef, options: ReflectorOptions<T> = {}) {
    this.ref = ref;
    this.reflector = new Reflector<T>(kube, ref, this, options);
  }

  /** Registers a handler; if the cache already filled, it first gets every cached object as an add. */
  addEventHandler(h: EventHandler<T>): void {
    this.handlers.push(h);
    if (this.synced) for (const o of this.store.list()) h.onAdd?.(o, true);
  }

  /** True once the first list is in the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves when the first list is in the cache (or at once if it already is). */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new Error('cache sync aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      // the listener goes when the sync comes, so long-lived signals collect no listeners
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** Starts listing and watching; a second call does nothing. */
  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    this.running = this.reflector.run(this.controller.signal);
  }

  /** Stops the watch and waits until its connection is closed. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }

  /** The cached object `name` in `namespace`. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.getByName(namespace, name);
  }

  /** The cached objects, all or of one namespace. */
  list(namespace?: string): T[] {
    return this.store.list(namespace);
  }

  replace(items: T[]): void {
    const seen = new Set<string>();
    const initial = !this.synced;
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.store.upsert(obj);
      if (!old) this.emitAdd(obj, initial);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emitUpdate(old, obj);
    }
    for (const key of this.store.keys()) {
      if (seen.has(key)) continue;
      const old = this.store.remove(key);
      if (old) this.emitDelete(old);
    }
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  added(obj: T): void {
    this.modified(obj);
  }

  modified(obj: T): void {
    const old = this.store.upsert(obj);
    if (!old) this.emitAdd(obj, false);
    else this.emitUpdate(old, obj);
  }

  deleted(obj: T): void {
    const old = this.store.remove(objectKey(obj));
    this.emitDelete(old ?? obj);
  }

  // a throwing handler must not break the cache or the other handlers
  private each(fn: (h: EventHandler<T>) => void): void {
    for (const h of this.handlers) {
      try {
        fn(h);
      } catch (e: unknown) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  private emitAdd(obj: T, initial: boolean): void {
    this.each((h) => h.onAdd?.(obj, initial));
  }

  private emitUpdate(old: T, obj: T): void {
    this.each((h) => h.onUpdate?.(old, obj));
  }

  private emitDelete(obj: T): void {
    this.each((h) => h.onDelete?.(obj));
  }
}
