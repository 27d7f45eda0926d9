import type { Informer } from '../cache/index.ts';
import { EventPoster, EventRecorder, KubeEventRecorder } from '../events/index.ts';
import type { KubeClient, KubeObject } from '../kube/index.ts';
import type { Logger } from '../logging/index.ts';
import type { ControllerMetrics, Registry } from '../metrics/index.ts';
import { type AnyInformer, Controller, type Reconciler } from './controller.ts';
import { fluxPrimary } from './predicates.ts';

/**
 * What the manager hands every controller it starts: the client, the shared informers, the
 * metrics (the controller families registered once for the process), a logger, and the flags
 * every controller takes (`--concurrent`, `--events-addr`).
 */
export interface ControllerDeps {
  kube: KubeClient;
  informerOf<T extends KubeObject = KubeObject>(kind: string): Informer<T>;
  metrics: Registry;
  controllerMetrics: ControllerMetrics;
  logger: Logger;
  /** `--concurrent`: reconciles at once. */
  concurrent: number;
  eventsAddr?: string;
}

/**
 * The event recorder of a Flux component (`helm-controller`...): core v1 Events on a client and
 * budget of their own, as client-go's broadcaster, and notification events POSTed to
 * `--events-addr` when set.
 */
export function componentRecorder(deps: ControllerDeps, component: string): EventRecorder {
  return new EventRecorder({
    controller: component,
    kube: new KubeEventRecorder(deps.kube, component, { ownBudget: true }),
    poster: deps.eventsAddr ? new EventPoster(deps.eventsAddr) : undefined,
  });
}

/**
 * The controller loop of one Flux kind on the manager's informer, as Flux's reconcilers are
 * set up: `--concurrent` workers, Flux's primary predicate (generation, requested reconcile,
 * deletion and finalizers), the queue and reconcile metrics under `name` (e.g. `helmrelease`).
 */
export function kindController(
  deps: ControllerDeps,
  kind: { name: string; group: string; kind: string; informer: AnyInformer },
  reconciler: Reconciler,
): Controller {
  return new Controller({
    ...kind,
    concurrency: deps.concurrent,
    predicate: fluxPrimary,
    logger: deps.logger,
    queueMetrics: deps.controllerMetrics.queueMetrics(kind.name),
    observer: deps.controllerMetrics.observer(kind.name, deps.concurrent),
    reconciler,
  });
}
