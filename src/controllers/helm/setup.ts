import type { Informer } from '../../runtime/cache/index.ts';
import { Controller, fluxPrimary } from '../../runtime/controller/index.ts';
import { EventPoster, EventRecorder, KubeEventRecorder } from '../../runtime/events/index.ts';
import { type KubeClient, type KubeObject, RestMapper } from '../../runtime/kube/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import type { ControllerMetrics, Registry } from '../../runtime/metrics/index.ts';
import { OwnedObjectCache } from '../../runtime/ssa/index.ts';
import { type HelmEnv, HelmOwnerLabels, type HelmReleaseObject } from './env.ts';
import { reconcileHelmRelease } from './reconcile.ts';
import { watchChartSources, watchDependencies } from './watches.ts';

/** What the helm controller needs from the manager. */
export interface HelmControllerOptions {
  kube: KubeClient;
  informerOf<T extends KubeObject = KubeObject>(kind: string): Informer<T>;
  metrics: Registry;
  /** Shared by every controller of the process (metric families are registered once). */
  controllerMetrics: ControllerMetrics;
  logger: Logger;
  /** `--concurrent`: reconciles at once. */
  concurrent: number;
  /** `--requeue-dependency`: wait between checks of a dependency. */
  requeueDependencyMs: number;
  /** `--no-cross-namespace-refs`. */
  noCrossNamespaceRefs: boolean;
  eventsAddr?: string;
}

/** The running helm controller; `stop` lets in-flight reconciles finish. */
export interface RunningHelmController {
  stop(): Promise<void>;
}

/**
 * Starts the helm controller: one controller loop on the manager's HelmRelease informer (events
 * under the component name `helm-controller`), re-queued when a chart source's artifact changes
 * and when a dependency becomes Ready.
 */
export async function setupHelmController(options: HelmControllerOptions): Promise<RunningHelmController> {
  const recorder = new EventRecorder({
    controller: 'helm-controller',
    kube: new KubeEventRecorder(options.kube, 'helm-controller', { ownBudget: true }),
    poster: options.eventsAddr ? new EventPoster(options.eventsAddr) : undefined,
  });
  // one label-selected informer per resource the releases applied, for the applies and waits
  const ownedCache = new OwnedObjectCache(options.kube, HelmOwnerLabels, {
    onError: (err) =>
      options.logger.debug('owned-object cache: list or watch failed', { error: err.message }),
  });
  const env: HelmEnv = {
    kube: options.kube,
    mapper: new RestMapper(options.kube),
    recorder,
    ownedCache,
    logger: options.logger,
    informerOf: options.informerOf,
    requeueDependencyMs: options.requeueDependencyMs,
    noCrossNamespaceRefs: options.noCrossNamespaceRefs,
    recordDuration: (o, seconds) => options.controllerMetrics.recordDuration(o, seconds),
  };
  const informer = options.informerOf<HelmReleaseObject>('HelmRelease');
  const controller = new Controller({
    name: 'helmrelease',
    group: 'helm.toolkit.fluxcd.io',
    kind: 'HelmRelease',
    informer,
    concurrency: options.concurrent,
    predicate: fluxPrimary,
    logger: options.logger,
    queueMetrics: options.controllerMetrics.queueMetrics('helmrelease'),
    observer: options.controllerMetrics.observer('helmrelease', options.concurrent),
    reconciler: { reconcile: (req, ctx) => reconcileHelmRelease(env, req, ctx) },
  });
  watchChartSources(controller, env, informer);
  watchDependencies(controller, informer);
  await controller.start();
  return {
    async stop() {
      await controller.stop();
      await ownedCache.stop();
      await recorder.close();
    },
  };
}
