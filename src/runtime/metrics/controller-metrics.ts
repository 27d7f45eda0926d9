import type { ControllerObserver } from '../controller/index.ts';
import type { QueueMetrics } from '../workqueue/index.ts';
import { Counter, exponentialBuckets, Gauge, Histogram, type Registry } from './registry.ts';

// controller-runtime's reconcile time buckets
const reconcileTimeBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25,
  1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
// client-go's workqueue latency buckets: 10ns to 10s
const queueBuckets = exponentialBuckets(1e-8, 10, 10);

/**
 * The metrics a Flux controller exposes, with Flux's and controller-runtime's names and labels:
 * `gotk_reconcile_duration_seconds{kind,name,namespace}`,
 * `controller_runtime_reconcile_total{controller,result}`,
 * `controller_runtime_reconcile_errors_total{controller}`, `controller_runtime_reconcile_time_seconds`,
 * `controller_runtime_active_workers`, `controller_runtime_max_concurrent_reconciles` and the
 * `workqueue_*` family (labels `controller` and `name`). One instance per process registry.
 */
export class ControllerMetrics {
  readonly reconcileDuration: Histogram;
  readonly reconcileTotal: Counter;
  readonly reconcileErrors: Counter;
  readonly reconcileTime: Histogram;
  readonly activeWorkers: Gauge;
  readonly maxConcurrent: Gauge;
  readonly depth: Gauge;
  readonly adds: Counter;
  readonly queueDuration: Histogram;
  readonly workDuration: Histogram;
  readonly retries: Counter;
  readonly unfinished: Gauge;
  readonly longest: Gauge;

  constructor(registry: Registry) {
    const r = registry;
    const c = ['controller'];
    const q = ['controller', 'name'];
    this.reconcileDuration = r.register(
      new Histogram(
        'gotk_reconcile_duration_seconds',
        'The duration in seconds of a GitOps Toolkit resource reconciliation.',
        ['kind', 'name', 'namespace'],
        exponentialBuckets(0.01, 10, 6),
      ),
    );
    this.reconcileTotal = r.register(
      new Counter('controller_runtime_reconcile_total', 'Total number of reconciliations per controller', [
        'controller',
        'result',
      ]),
    );
    this.reconcileErrors = r.register(
      new Counter(
        'controller_runtime_reconcile_errors_total',
        'Total number of reconciliation errors per controller',
        c,
      ),
    );
    this.reconcileTime = r.register(
      new Histogram(
        'controller_runtime_reconcile_time_seconds',
        'Length of time per reconciliation per controller',
        c,
        reconcileTimeBuckets,
      ),
    );
    this.activeWorkers = r.register(
      new Gauge('controller_runtime_active_workers', 'Number of currently used workers per controller', c),
    );
    this.maxConcurrent = r.register(
      new Gauge(
        'controller_runtime_max_concurrent_reconciles',
        'Maximum number of concurrent reconciles per controller',
        c,
      ),
    );
    this.depth = r.register(new Gauge('workqueue_depth', 'Current depth of workqueue', q));
    this.adds = r.register(
      new Counter('workqueue_adds_total', 'Total number of adds handled by workqueue', q),
    );
    this.queueDuration = r.register(
      new Histogram(
        'workqueue_queue_duration_seconds',
        'How long in seconds an item stays in workqueue before being requested',
        q,
        queueBuckets,
      ),
    );
    this.workDuration = r.register(
      new Histogram(
        'workqueue_work_duration_seconds',
        'How long in seconds processing an item from workqueue takes.',
        q,
        queueBuckets,
      ),
    );
    this.retries = r.register(
      new Counter('workqueue_retries_total', 'Total number of retries handled by workqueue', q),
    );
    this.unfinished = r.register(
      new Gauge(
        'workqueue_unfinished_work_seconds',
        "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
        q,
      ),
    );
    this.longest = r.register(
      new Gauge(
        'workqueue_longest_running_processor_seconds',
        'How many seconds has the longest running processor for workqueue been running.',
        q,
      ),
    );
  }

  /** The queue hooks of one controller's work queue. */
  queueMetrics(controller: string): QueueMetrics {
    const l = { controller, name: controller };
    return {
      depth: (n) => this.depth.set(l, n),
      added: () => this.adds.inc(l),
      queueDuration: (s) => this.queueDuration.observe(l, s),
      workDuration: (s) => this.workDuration.observe(l, s),
      retried: () => this.retries.inc(l),
      unfinished: (total, longest) => {
        this.unfinished.set(l, total);
        this.longest.set(l, longest);
      },
    };
  }

  /** The reconcile hooks of one controller; `concurrency` is reported as max concurrent reconciles. */
  observer(controller: string, concurrency: number): ControllerObserver {
    const l = { controller };
    this.maxConcurrent.set(l, concurrency);
    this.activeWorkers.set(l, 0);
    for (const result of ['success', 'error', 'requeue', 'requeue_after'])
      this.reconcileTotal.inc({ controller, result }, 0);
    this.reconcileErrors.inc(l, 0);
    return {
      reconciled: (_req, _ctx, outcome, seconds) => {
        this.reconcileTotal.inc({ controller, result: outcome });
        if (outcome === 'error') this.reconcileErrors.inc(l);
        this.reconcileTime.observe(l, seconds);
      },
      activeWorkers: (n) => this.activeWorkers.set(l, n),
    };
  }

  /** Records Flux's per-object reconcile duration. */
  recordDuration(
    obj: { kind?: string; metadata?: { name?: string; namespace?: string } },
    seconds: number,
  ): void {
    this.reconcileDuration.observe(
      { kind: obj.kind ?? '', name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '' },
      seconds,
    );
  }
}
