import { Controller, type ControllerDeps, fluxPrimary } from '../../runtime/controller/index.ts';
import { EventPoster, EventRecorder, KubeEventRecorder } from '../../runtime/events/index.ts';
import { RestMapper } from '../../runtime/kube/index.ts';
import { KustomizeOwnerLabels, OwnedObjectCache } from '../../runtime/ssa/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { reconcileKustomization } from './reconcile.ts';
import { watchDependencies, watchSources } from './watches.ts';

/** What the kustomize controller needs from the manager. */
export interface KustomizeControllerOptions extends ControllerDeps {
  /** `--requeue-dependency`: wait between checks of a dependency or a missing artifact. */
  requeueDependencyMs: number;
  /** `--no-cross-namespace-refs`. */
  noCrossNamespaceRefs: boolean;
  /** `--default-service-account`. */
  defaultServiceAccount?: string;
}

/** The running kustomize controller; `stop` lets in-flight reconciles finish. */
export interface RunningKustomizeController {
  stop(): Promise<void>;
}

/**
 * Starts the kustomize controller: one controller loop on the manager's Kustomization informer
 * (events under the component name `kustomize-controller`), re-queued when a source's artifact
 * revision changes and when a dependency becomes Ready.
 */
export async function setupKustomizeController(
  options: KustomizeControllerOptions,
): Promise<RunningKustomizeController> {
  const recorder = new EventRecorder({
    controller: 'kustomize-controller',
    kube: new KubeEventRecorder(options.kube, 'kustomize-controller', { ownBudget: true }),
    poster: options.eventsAddr ? new EventPoster(options.eventsAddr) : undefined,
  });
  // one label-selected informer per applied resource, shared by every Kustomization's applies
  // and health checks
  const ownedCache = new OwnedObjectCache(options.kube, KustomizeOwnerLabels, {
    onError: (err) =>
      options.logger.debug('owned-object cache: list or watch failed', { error: err.message }),
  });
  const env: KustomizeEnv = {
    kube: options.kube,
    mapper: new RestMapper(options.kube),
    recorder,
    ownedCache,
    logger: options.logger,
    informerOf: options.informerOf,
    requeueDependencyMs: options.requeueDependencyMs,
    noCrossNamespaceRefs: options.noCrossNamespaceRefs,
    defaultServiceAccount: options.defaultServiceAccount,
    recordDuration: (o, seconds) => options.controllerMetrics.recordDuration(o, seconds),
    graced: new Map(),
    written: new Map(),
  };
  const informer = options.informerOf<KustomizationObject>('Kustomization');
  const controller = new Controller({
    name: 'kustomization',
    group: 'kustomize.toolkit.fluxcd.io',
    kind: 'Kustomization',
    informer,
    concurrency: options.concurrent,
    predicate: fluxPrimary,
    logger: options.logger,
    queueMetrics: options.controllerMetrics.queueMetrics('kustomization'),
    observer: options.controllerMetrics.observer('kustomization', options.concurrent),
    reconciler: { reconcile: (req, ctx) => reconcileKustomization(env, req, ctx) },
  });
  watchSources(controller, env, informer);
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
