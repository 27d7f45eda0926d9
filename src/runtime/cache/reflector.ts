import { setTimeout as sleep } from 'node:timers/promises';
import { toError } from '../../engines/errors/index.ts';
import { isGone, KubeApiError, type KubeClient, type KubeObject, type ResourceRef } from '../kube/index.ts';
import { Backoff } from './backoff.ts';

/** Where a {@link Reflector} delivers what it learns. */
export interface ReflectorSink<T extends KubeObject> {
  /** A full list: the sink replaces its content with exactly these objects. */
  replace(items: T[]): void;
  added(obj: T): void;
  modified(obj: T): void;
  deleted(obj: T): void;
}

/** What a reflector lists and watches, and how it retries. */
export interface ReflectorOptions<T extends KubeObject> {
  labelSelector?: string;
  fieldSelector?: string;
  /** List page size (`limit`); 0 lists in one request. Default 500. */
  pageSize?: number;
  /** Server-side watch timeout per request; default a random 5-10 minutes, as client-go. */
  watchTimeoutSeconds?: () => number;
  backoff?: Backoff;
  /** Applied to every object before it is stored; default strips `metadata.managedFields`. */
  transform?: (obj: T) => T;
  /** Called with every list or watch failure (for logs); the reflector retries by itself. */
  onError?: (err: Error) => void;
}

/** Drops managedFields: the cache never needs them and they are often half of an object's size. */
export function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata?.managedFields) delete obj.metadata.managedFields;
  return obj;
}

interface WatchStatus {
  code?: number;
  reason?: string;
  message?: string;
}

/**
 * Keeps a sink in step with one collection of the API server: lists it (paginated), then watches
 * from the list's resourceVersion with bookmarks. When a watch ends (server timeout, cut
 * connection) it resumes from the last resourceVersion it saw, so nothing is missed and nothing
 * replays; when the server answers 410 Gone (that version was compacted away) it lists again.
 * Failures back off exponentially. Every watch request is aborted and its socket destroyed before
 * the next one starts.
 */
export class Reflector<T extends KubeObject = KubeObject> {
  private readonly kube: KubeClient;
  private readonly ref: ResourceRef;
  private readonly options: ReflectorOptions<T>;
  private readonly sink: ReflectorSink<T>;
  private readonly backoff: Backoff;
  /** The resourceVersion the next watch resumes from (the last one seen). */
  resourceVersion = '';
  /** Full lists done so far (the first one included). */
  lists = 0;
  /** Watch requests started so far. */
  watches = 0;

  constructor(kube: KubeClient, ref: ResourceRef, sink: ReflectorSink<T>, options: ReflectorOptions<T> = {}) {
    this.kube = kube;
    this.ref = { ...ref, name: undefined };
    this.sink = sink;
    this.options = options;
    this.backoff = options.backoff ?? new Backoff();
  }

  /** Lists and watches until `signal` aborts. Never throws for API failures: it retries them. */
  async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.list(signal);
          needList = false;
        }
        const started = Date.now();
        const events = await this.watch(signal);
        // a watch that ended cleanly (server timeout) resumes at once, unless streams keep ending
        // at once with nothing in them: then back off instead of spinning
        if (events === 0 && Date.now() - started < 1000 && !signal.aborted)
          await sleep(this.backoff.next(), undefined, { signal }).catch(() => {});
      } catch (e: unknown) {
        if (signal.aborted) return;
        const err = toError(e);
        if (isGone(err)) {
          // the resourceVersion is too old: relist right away, no backoff needed
          needList = true;
          this.options.onError?.(err);
          continue;
        }
        this.options.onError?.(err);
        try {
          await sleep(this.backoff.next(), undefined, { signal });
        } catch {
          return;
        }
      }
    }
  }

  private transform(obj: T): T {
    return (this.options.transform ?? stripManagedFields)(obj);
  }

  private async list(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    const limit = this.options.pageSize ?? 500;
    do {
      const page = await this.kube.request<{
        metadata: { resourceVersion?: string; continue?: string };
        items: T[];
      }>({
        path: this.collectionPath(),
        query: {
          labelSelector: this.options.labelSelector,
          fieldSelector: this.options.fieldSelector,
          limit: limit || undefined,
          continue: cont,
        },
        signal,
      });
      for (const item of page.items ?? []) items.push(this.transform(item));
      rv = page.metadata?.resourceVersion ?? rv;
      cont = page.metadata?.continue || undefined;
    } while (cont);
    this.lists++;
    this.resourceVersion = rv;
    this.sink.replace(items);
    this.backoff.reset();
  }

  private collectionPath(): string {
    const r = this.ref;
    const parts = [r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`];
    if (r.namespace) parts.push('namespaces', encodeURIComponent(r.namespace));
    parts.push(r.resource);
    return parts.join('/');
  }

  /** Runs one watch request; returns how many events it delivered. */
  private async watch(signal: AbortSignal): Promise<number> {
    let delivered = 0;
    const timeout = this.options.watchTimeoutSeconds?.() ?? Math.floor(300 * (1 + Math.random()));
    // the client-side guard ends a stream the server forgot to close (a half-open connection)
    const local = new AbortController();
    const guard = setTimeout(() => local.abort(), (timeout + 30) * 1000);
    const onAbort = () => local.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.watches++;
    try {
      for await (const ev of this.kube.watch<T>(this.ref, {
        resourceVersion: this.resourceVersion,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        timeoutSeconds: timeout,
        bookmarks: true,
        signal: local.signal,
      })) {
        if (ev.type === 'ERROR') {
          const s = ev.object as unknown as WatchStatus;
          throw new KubeApiError(s.code ?? 500, s.reason ?? 'InternalError', s.message ?? 'watch error');
        }
        const obj = ev.object;
        const rv = obj.metadata?.resourceVersion;
        if (ev.type === 'ADDED') this.sink.added(this.transform(obj));
        else if (ev.type === 'MODIFIED') this.sink.modified(this.transform(obj));
        else if (ev.type === 'DELETED') this.sink.deleted(this.transform(obj));
        // BOOKMARK carries only the resourceVersion to resume from
        if (rv) this.resourceVersion = rv;
        this.backoff.reset();
        delivered++;
      }
      return delivered;
    } finally {
      clearTimeout(guard);
      signal.removeEventListener('abort', onAbort);
      local.abort();
    }
  }
}
