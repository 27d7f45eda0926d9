import { randomUUID } from 'node:crypto';
import type { EventHandler, Informer } from '../cache/index.ts';
import { objectKey, splitKey } from '../cache/index.ts';
import type { KubeObject } from '../kube/index.ts';
import { Logger, reconcileLogger } from '../logging/index.ts';
import type { ReconcileResult } from '../reconcile/index.ts';
import { toError } from '../reconcile/index.ts';
import { type QueueMetrics, type RateLimiter, WorkQueue } from '../workqueue/index.ts';
import { DefaultIntervalJitterPercent, jitter } from './jitter.ts';
import type { Predicate } from './predicates.ts';

/** Any informer, whatever object type it caches: the controller only needs events and sync. */
// `any`: handlers are contravariant in the object type; the controller reads only metadata
export type AnyInformer = Pick<Informer<any>, 'addEventHandler' | 'waitForSync'>;

/** The object a reconcile is about. */
export interface Request {
  namespace?: string;
  name: string;
  /** `namespace/name` (or `name`). */
  key: string;
}

/** What a reconcile gets besides the request: a per-run id and a signal that aborts on shutdown. */
export interface ReconcileContext {
  reconcileID: string;
  signal: AbortSignal;
  /** A logger with controller-runtime's keys for this object and run. */
  log: Logger;
}

/** The code that makes one object right. Throw to retry with backoff. */
export interface Reconciler {
  reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult | undefined>;
}

/** Hooks for logs and metrics of each reconcile. */
export interface ControllerObserver {
  /** One reconcile ended: how, and how long it took. */
  reconciled?(
    req: Request,
    ctx: ReconcileContext,
    outcome: 'success' | 'requeue_after' | 'error',
    seconds: number,
    err?: Error,
  ): void;
  /** The number of workers busy right now changed. */
  activeWorkers?(n: number): void;
}

/** How a {@link Controller} is built. */
export interface ControllerOptions {
  /** The controller's name (metrics and logs label), e.g. `gitrepository`. */
  name: string;
  /** The informer of the kind this controller reconciles (any object type). */
  informer: AnyInformer;
  reconciler: Reconciler;
  /** Workers (`--concurrent`); default 4 as Flux. */
  concurrency?: number;
  /** Filters primary events; default lets everything through. */
  predicate?: Predicate;
  rateLimiter?: RateLimiter<string>;
  queueMetrics?: QueueMetrics;
  observer?: ControllerObserver;
  /** Jitter applied to `requeueAfterMs` results; default 5 %. */
  intervalJitterPercent?: number;
  /** The reconciled kind's API group and kind, for log keys (`controllerGroup`, `controllerKind`). */
  group?: string;
  kind?: string;
  /** Base logger; reconcile errors are logged as controller-runtime's "Reconciler error". */
  logger?: Logger;
}

/**
 * controller-runtime's controller: informer events (filtered by predicates) put object keys on a
 * deduplicating work queue; N workers take keys and call the reconciler; the result decides the
 * next run (error -> backoff retry; requeueAfter -> forget backoff, add after a jittered delay;
 * success -> forget). Related kinds map their changes to keys of this kind. Stopping lets
 * in-flight reconciles return (their signal aborted).
 */
export class Controller {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  private readonly options: ControllerOptions;
  private readonly abort = new AbortController();
  private workers: Promise<void>[] = [];
  private started = false;
  private active = 0;
  private readonly logger: Logger;

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.options = options;
    this.logger = options.logger ?? new Logger({ level: 'error', write: () => {} });
    this.queue = new WorkQueue<string>({
      name: options.name,
      rateLimiter: options.rateLimiter,
      metrics: options.queueMetrics,
    });
    options.informer.addEventHandler(this.handlerFor(options.predicate, (o) => [objectKey(o)]));
  }

  private handlerFor(predicate: Predicate | undefined, keysOf: (o: KubeObject) => string[]): EventHandler {
    const enqueue = (o: KubeObject) => {
      for (const k of keysOf(o)) this.queue.add(k);
    };
    return {
      onAdd: (o) => {
        if (predicate?.create?.(o) ?? true) enqueue(o);
      },
      onUpdate: (old, o) => {
        if (predicate?.update?.(old, o) ?? true) enqueue(o);
      },
      onDelete: (o) => {
        if (predicate?.delete?.(o) ?? true) enqueue(o);
      },
    };
  }

  /**
   * Watches a related kind: each change of one of its objects re-queues the keys `map` returns
   * (e.g. the Kustomizations that reference a changed Secret).
   */
  watch(informer: AnyInformer, map: (obj: KubeObject) => string[], predicate?: Predicate): void {
    informer.addEventHandler(this.handlerFor(predicate, map));
  }

  /** Waits for the informer's first list, then starts the workers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.options.informer.waitForSync(this.abort.signal);
    const n = Math.max(1, this.options.concurrency ?? 4);
    for (let i = 0; i < n; i++) this.workers.push(this.work());
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.process(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async process(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const req: Request = { namespace, name, key };
    const reconcileID = randomUUID();
    const log = reconcileLogger(this.logger, {
      controller: this.name,
      group: this.options.group ?? '',
      kind: this.options.kind ?? '',
      name,
      namespace,
      reconcileID,
    });
    const ctx: ReconcileContext = { reconcileID, signal: this.abort.signal, log };
    const observer = this.options.observer;
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    observer?.activeWorkers?.(++this.active);
    try {
      const result = await this.options.reconciler.reconcile(req, ctx);
      this.queue.forget(key);
      if (result?.requeueAfterMs && result.requeueAfterMs > 0) {
        // the latest result decides the next run: a timer an earlier result set (e.g. a retry
        // while waiting for a source) would only repeat, needlessly, the work just done
        this.queue.addAfter(
          key,
          jitter(result.requeueAfterMs, this.options.intervalJitterPercent ?? DefaultIntervalJitterPercent),
          { replace: true },
        );
        observer?.reconciled?.(req, ctx, 'requeue_after', took());
      } else observer?.reconciled?.(req, ctx, 'success', took());
    } catch (e: unknown) {
      this.queue.addRateLimited(key);
      log.error(e, 'Reconciler error');
      observer?.reconciled?.(req, ctx, 'error', took(), toError(e));
    } finally {
      observer?.activeWorkers?.(--this.active);
    }
  }

  /** Stops taking work, aborts the signal of in-flight reconciles and resolves when they have returned. */
  async stop(): Promise<void> {
    const drained = this.queue.shutDown();
    // as controller-runtime cancels its context: in-flight reconciles see their signal abort, so
    // long waits (health checks, fetches) end now instead of holding the shutdown for minutes
    this.abort.abort();
    await Promise.all(this.workers);
    await drained;
  }
}
