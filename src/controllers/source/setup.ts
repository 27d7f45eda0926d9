import { hostname } from 'node:os';
import { Controller, type ControllerDeps, fluxPrimary } from '../../runtime/controller/index.ts';
import { EventPoster, EventRecorder, KubeEventRecorder } from '../../runtime/events/index.ts';
import { parseAddr } from '../../runtime/metrics/index.ts';
import { newSourceWatcher } from './artifactgenerator/index.ts';
import { reconcileSourceObject } from './common/reconcile-source.ts';
import type { SourceEnv } from './common/source-env.ts';
import { sourceKindLoaders } from './kinds-list.ts';
import { ArtifactStorage, startStorageServer } from './storage/index.ts';

/** What the source controller needs from the manager. */
export interface SourceControllerOptions extends ControllerDeps {
  storagePath: string;
  /** `--storage-addr` (default `:9090`); port 0 picks a free port. */
  storageAddr: string;
  /** `--storage-adv-addr`; default this host's name (in a cluster) or localhost, with the bound port. */
  storageAdvAddr?: string;
  retention: { records: number; ttlMs: number };
  noCrossNamespaceRefs: boolean;
  /** Run only these kinds (default all); tests use it to isolate one kind. */
  kinds?: string[];
}

/** The running source controller: its storage server's port and a stop that drains reconciles. */
export interface RunningSourceController {
  storagePort: number;
  storage: ArtifactStorage;
  stop(): Promise<void>;
}

function advertisedAddress(options: SourceControllerOptions, port: number): string {
  if (options.storageAdvAddr) return options.storageAdvAddr.replace(/:0$/, `:${port}`);
  const inCluster = !!process.env.KUBERNETES_SERVICE_HOST;
  return `${inCluster ? hostname() : 'localhost'}:${port}`;
}

/**
 * Starts the source controller: the artifact file server on `--storage-addr` and one controller
 * loop per source kind (GitRepository, OCIRepository, HelmRepository, HelmChart, Bucket) on the
 * manager's shared informers, with events under the component name `source-controller`.
 */
export async function setupSourceController(
  options: SourceControllerOptions,
): Promise<RunningSourceController> {
  const { host, port } = parseAddr(options.storageAddr);
  const served = await startStorageServer(options.storagePath, host ?? '0.0.0.0', port);
  const storage = new ArtifactStorage(options.storagePath, advertisedAddress(options, served.port));
  const recorder = new EventRecorder({
    controller: 'source-controller',
    kube: new KubeEventRecorder(options.kube, 'source-controller', { ownBudget: true }),
    poster: options.eventsAddr ? new EventPoster(options.eventsAddr) : undefined,
  });
  const env: SourceEnv = {
    kube: options.kube,
    storage,
    retention: options.retention,
    recorder,
    logger: options.logger,
    noCrossNamespaceRefs: options.noCrossNamespaceRefs,
    informerOf: options.informerOf,
    recordDuration: (o, seconds) => options.controllerMetrics.recordDuration(o, seconds),
  };
  const controllers: Controller[] = [];
  for (const [kindName, load] of Object.entries(sourceKindLoaders)) {
    if (options.kinds && !options.kinds.includes(kindName)) continue;
    const kind = await load();
    const name = kind.kind.toLowerCase();
    const controller = new Controller({
      name,
      group: 'source.toolkit.fluxcd.io',
      kind: kind.kind,
      informer: options.informerOf(kind.kind),
      concurrency: options.concurrent,
      predicate: fluxPrimary,
      logger: options.logger,
      queueMetrics: options.controllerMetrics.queueMetrics(name),
      observer: options.controllerMetrics.observer(name, options.concurrent),
      reconciler: {
        reconcile: (req, ctx) => reconcileSourceObject(env, kind, req, ctx),
      },
    });
    kind.watches?.(controller, env);
    controllers.push(controller);
  }
  // Flux's source-watcher (ArtifactGenerator) shares this process, storage and environment
  const watcher =
    options.kinds && !options.kinds.includes('ArtifactGenerator')
      ? undefined
      : newSourceWatcher(env, {
          concurrency: options.concurrent,
          logger: options.logger,
          queueMetrics: options.controllerMetrics.queueMetrics('artifactgenerator'),
          observer: options.controllerMetrics.observer('artifactgenerator', options.concurrent),
          eventsAddr: options.eventsAddr,
        });
  if (watcher) controllers.push(watcher.controller);
  await Promise.all(controllers.map((c) => c.start()));
  return {
    storagePort: served.port,
    storage,
    async stop() {
      await Promise.all(controllers.map((c) => c.stop()));
      await recorder.close();
      await watcher?.flush();
      await new Promise<void>((r) => served.server.close(() => r()));
    },
  };
}
