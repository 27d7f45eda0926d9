import type { Informer, SharedInformerFactory } from '../runtime/cache/index.ts';
import type { KubeClient, KubeObject } from '../runtime/kube/index.ts';
import type { Logger } from '../runtime/logging/index.ts';
import type { ControllerMetrics, Registry } from '../runtime/metrics/index.ts';
import type { ManagerOptions } from './options.ts';

/**
 * What the manager hands to each controller it runs: the shared client, informers (one per Flux
 * kind plus the watched Secrets and ConfigMaps), the metrics registry, the options and a logger.
 * Controllers build their own event recorders and `Controller` loops from these.
 */
export interface ControllerEnv {
  kube: KubeClient;
  informers: SharedInformerFactory;
  metrics: Registry;
  /** The controller metric families, registered once for the whole process. */
  controllerMetrics: ControllerMetrics;
  options: ManagerOptions;
  logger: Logger;
  /**
   * The shared informer of a Flux kind (`GitRepository`...), or of `Secret` and `ConfigMap` (only
   * those labelled `reconcile.fluxcd.io/watch: Enabled`), as the manager started it.
   */
  informerOf<T extends KubeObject = KubeObject>(kind: string): Informer<T>;
}

/** A controller the manager started; `stop` lets in-flight reconciles finish. */
export interface RunningController {
  stop(): Promise<void>;
  /**
   * The notification controller's event endpoint: the other controllers of the process post
   * their events there when `--events-addr` is unset, as Flux's controllers post to its
   * notification-controller.
   */
  eventsUrl?: string;
}

/** Starts one controller (all of its kinds) on the shared machinery. */
export type ControllerSetup = (env: ControllerEnv) => Promise<RunningController>;

/**
 * The controllers tsflux can run, by `--controllers` name, each loaded only when selected so a
 * manager running one controller never loads the others' code.
 */
export const controllerSetups: Record<string, () => Promise<ControllerSetup>> = {
  source: async () => {
    const { setupSourceController } = await import('../controllers/source/index.ts');
    return (env) =>
      setupSourceController({
        ...shared(env),
        storagePath: env.options.storagePath,
        storageAddr: env.options.storageAddr,
        storageAdvAddr: env.options.storageAdvAddr,
        retention: {
          records: env.options.artifactRetentionRecords,
          ttlMs: env.options.artifactRetentionTtlMs,
        },
      });
  },
  kustomize: async () => {
    const { setupKustomizeController } = await import('../controllers/kustomize/index.ts');
    return (env) =>
      setupKustomizeController({
        ...shared(env),
        requeueDependencyMs: env.options.requeueDependencyMs,
        defaultServiceAccount: env.options.defaultServiceAccount,
      });
  },
  helm: async () => {
    const { setupHelmController } = await import('../controllers/helm/index.ts');
    return (env) =>
      setupHelmController({
        ...shared(env),
        requeueDependencyMs: env.options.requeueDependencyMs,
        defaultServiceAccount: env.options.defaultServiceAccount,
      });
  },
  notification: async () => {
    const { setupNotificationController } = await import('../controllers/notification/index.ts');
    return (env) =>
      setupNotificationController({
        ...shared(env),
        eventsListenAddr: env.options.eventsListenAddr,
        receiverAddr: env.options.receiverAddr,
        rateLimitIntervalMs: env.options.rateLimitIntervalMs,
      });
  },
  image: async () => {
    const { setupImageController } = await import('../controllers/image/index.ts');
    // beside the artifact store, not in it: the store's HTTP server must not serve scanned tags
    return (env) =>
      setupImageController({
        ...shared(env),
        tagsPath: `${env.options.storagePath.replace(/\/+$/, '')}-image-tags`,
      });
  },
};

/** What every controller takes from the manager: its clients, metrics and logger, and the flags all share. */
function shared({ kube, informerOf, metrics, controllerMetrics, logger, options: o }: ControllerEnv) {
  return {
    kube,
    informerOf,
    metrics,
    controllerMetrics,
    logger,
    concurrent: o.concurrent,
    eventsAddr: o.eventsAddr,
    noCrossNamespaceRefs: o.noCrossNamespaceRefs,
  };
}
