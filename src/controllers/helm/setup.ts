import { type ControllerDeps, componentRecorder, kindController } from '../../runtime/controller/index.ts';
import { RestMapper } from '../../runtime/kube/index.ts';
import { OwnedObjectCache } from '../../runtime/ssa/index.ts';
import { type HelmEnv, HelmOwnerLabels, type HelmReleaseObject } from './env.ts';
import { reconcileHelmRelease } from './reconcile.ts';
import { watchChartSources, watchDependencies, watchValuesReferences } from './watches.ts';

/** What the helm controller needs from the manager: the shared pieces and its own flags. */
export interface HelmControllerOptions extends ControllerDeps {
  /** `--requeue-dependency`: wait between checks of a dependency. */
  requeueDependencyMs: number;
  /** `--no-cross-namespace-refs`. */
  noCrossNamespaceRefs: boolean;
  /** `--default-service-account`: impersonated when a HelmRelease names none. */
  defaultServiceAccount?: string;
}

/** The running helm controller; `stop` lets in-flight reconciles finish. */
export interface RunningHelmController {
  stop(): Promise<void>;
}

/**
 * Starts the helm controller: one controller loop on the manager's HelmRelease informer (events
 * under the component name `helm-controller`), re-queued when a chart source's artifact or
 * readiness changes, when a dependency becomes Ready and when a watched `valuesFrom` object
 * changes.
 */
export async function setupHelmController(options: HelmControllerOptions): Promise<RunningHelmController> {
  const { kube, logger } = options;
  // one label-selected informer per resource the releases applied, for the applies and waits
  const ownedCache = new OwnedObjectCache(kube, HelmOwnerLabels, {
    onError: (err) => logger.debug('owned-object cache: list or watch failed', { error: err.message }),
  });
  const env: HelmEnv = {
    ...options,
    mapper: new RestMapper(kube),
    recorder: componentRecorder(options, 'helm-controller'),
    ownedCache,
    recordDuration: (o, seconds) => options.controllerMetrics.recordDuration(o, seconds),
  };
  const informer = options.informerOf<HelmReleaseObject>('HelmRelease');
  const controller = kindController(
    options,
    { name: 'helmrelease', group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease', informer },
    { reconcile: (req, ctx) => reconcileHelmRelease(env, req, ctx) },
  );
  watchChartSources(controller, env, informer);
  watchDependencies(controller, informer);
  watchValuesReferences(controller, env, informer);
  await controller.start();
  return {
    async stop() {
      // in-flight reconciles finish before what they use goes
      for (const close of [() => controller.stop(), () => ownedCache.stop(), () => env.recorder.close()])
        await close();
    },
  };
}
