import type { Server } from 'node:http';
import { kindTable } from '../api/kind-table.ts';
import { WatchLabel, WatchLabelEnabled } from '../api/meta/index.ts';
import { type Informer, type InformerKey, SharedInformerFactory } from '../runtime/cache/index.ts';
import { KubeClient, type KubeObject } from '../runtime/kube/index.ts';
import { LeaderElector, leaseName } from '../runtime/leader/index.ts';
import { Logger } from '../runtime/logging/index.ts';
import {
  ControllerMetrics,
  EventLoopLag,
  parseAddr,
  processCollectors,
  Registry,
  serveMetrics,
  serveProbes,
} from '../runtime/metrics/index.ts';
import { controllerSetups, type RunningController } from './controllers.ts';
import type { ConversionWebhook } from './conversion-webhook.ts';
import { startHeartbeat } from './heartbeat.ts';
import type { ManagerOptions } from './options.ts';

/** A running manager: informers, the servers it exposes, and the controllers it runs. */
export interface Manager {
  informers: SharedInformerFactory;
  metrics: Registry;
  webhook?: ConversionWebhook;
  /** Ports actually bound (useful when an address asked for port 0). */
  ports: { metrics?: number; health?: number; webhook?: number };
  stop(): Promise<void>;
  /**
   * Resolves when this process stops leading (with `--enable-leader-election`): its controllers
   * have stopped and the process should exit so a fresh one can compete again, as Flux's do.
   * Never resolves without leader election.
   */
  leadershipLost: Promise<void>;
}

/** The controllers tsflux can run, by `--controllers` name (see {@link controllerSetups}). */
export const availableControllers: string[] = Object.keys(controllerSetups);

const portOf = (s: Server) => {
  const a = s.address();
  return typeof a === 'object' && a ? a.port : undefined;
};

/**
 * Starts the manager: the conversion webhook and the CRDs pointing at it (so older API versions
 * convert), one shared informer per Flux kind (all namespaces or one, optionally sharded by label)
 * plus the Secrets and ConfigMaps labelled `reconcile.fluxcd.io/watch: Enabled`, and the metrics
 * and probe servers. Readiness turns true once every informer has synced.
 */
export async function startManager(
  kube: KubeClient,
  options: ManagerOptions,
  log: (msg: string) => void = () => {},
): Promise<Manager> {
  const closers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    let webhook: ConversionWebhook | undefined;
    if (options.webhookAddr) {
      const { host, port } = parseAddr(options.webhookAddr);
      // loaded only when on: conversion needs every schema, which a manager without it never loads
      const { applyCrdsWithConversion, startConversionWebhook } = await import('./conversion-webhook.ts');
      webhook = await startConversionWebhook({
        host: host ?? '0.0.0.0',
        port,
        dnsNames: [
          `tsflux-webhook.${options.namespace}.svc`,
          `tsflux-webhook.${options.namespace}.svc.cluster.local`,
        ],
      });
      closers.push(() => webhook?.close());
      const target = options.webhookUrl
        ? { url: options.webhookUrl.replace('{port}', String(webhook.port)) }
        : { service: { name: 'tsflux-webhook', namespace: options.namespace } };
      const crds = await applyCrdsWithConversion(kube, target, {
        caBundle: webhook.caBundle,
        namespace: options.namespace,
      });
      log(`conversion webhook on port ${webhook.port}; ${crds.length} CRDs point at it`);
    }

    const informers = new SharedInformerFactory(kube);
    const namespace = options.watchAllNamespaces ? undefined : options.namespace;
    const informerKeys = new Map<string, InformerKey>();
    for (const k of kindTable) {
      informerKeys.set(k.kind, {
        ref: { group: k.group, version: k.storageVersion, resource: k.plural, namespace },
        labelSelector: options.watchLabelSelector,
      });
    }
    for (const [kind, resource] of [
      ['Secret', 'secrets'],
      ['ConfigMap', 'configmaps'],
    ]) {
      informerKeys.set(kind, {
        ref: { version: 'v1', resource, namespace },
        labelSelector: `${WatchLabel}=${WatchLabelEnabled}`,
      });
    }
    for (const key of informerKeys.values()) informers.informerFor(key);
    const informerOf = <T extends KubeObject>(kind: string): Informer<T> => {
      const key = informerKeys.get(kind);
      if (!key) throw new Error(`the manager has no informer for kind '${kind}'`);
      return informers.informerFor<T>(key);
    };
    informers.start();
    closers.push(() => informers.stop());
    let synced = false;
    const sync = informers.waitForCacheSync().then(() => {
      synced = true;
      log(`caches synced for ${informers.size} informers`);
    });

    const metrics = new Registry();
    for (const c of processCollectors()) metrics.register(c);
    // one thread runs every controller: how long it is held up is the first thing to look at
    const eventLoopLag = new EventLoopLag();
    closers.push(() => eventLoopLag.stop());
    metrics.register(eventLoopLag.collector());
    const metricsServer = await serveMetrics(metrics, options.metricsAddr);
    closers.push(() => new Promise<void>((r) => metricsServer.close(() => r())));
    const healthServer = await serveProbes(
      { healthz: { ping: () => true }, readyz: { 'informers-synced': () => synced } },
      options.healthAddr,
    );
    closers.push(() => new Promise<void>((r) => healthServer.close(() => r())));
    await sync;
    const logger = new Logger({ level: options.logLevel });
    const controllerMetrics = new ControllerMetrics(metrics);
    const startControllers = async () => {
      const running: RunningController[] = [];
      // the notification controller first: the others' recorders post to its event endpoint
      const order = [...options.controllers].sort(
        (a, b) => Number(b === 'notification') - Number(a === 'notification'),
      );
      let effective = options;
      for (const name of order) {
        const setup = await controllerSetups[name]?.();
        if (!setup) throw new Error(`unknown controller '${name}'`);
        // each controller has its own client and request budget (--kube-api-qps/--kube-api-burst),
        // as each of Flux's controllers has: one busy controller cannot starve the others
        const own = new KubeClient(kube.access, {
          userAgent: `tsflux-${name}-controller`,
          qps: kube.rateLimiter.qps,
          burst: kube.rateLimiter.burst,
        });
        const started = await setup({
          kube: own,
          informers,
          metrics,
          controllerMetrics,
          options: effective,
          logger,
          informerOf,
        });
        if (started.eventsUrl && !effective.eventsAddr)
          effective = { ...effective, eventsAddr: started.eventsUrl };
        running.push({
          async stop() {
            await started.stop();
            own.close();
          },
        });
        log(`controller ${name} started`);
      }
      // last, so stopped first (stops run in reverse): no heartbeat outlives its controller
      running.push(
        startHeartbeat(
          kube,
          options.namespace,
          options.controllers,
          log,
          options.watchAllNamespaces ? undefined : options.namespace,
        ),
      );
      return running;
    };
    let leadershipLost: Promise<void> = new Promise(() => {});
    if (options.enableLeaderElection) {
      // one Lease for the whole process: its controllers run together or not at all
      const elector = new LeaderElector(kube, {
        namespace: options.namespace,
        name: leaseName('tsflux'),
        ...options.leaderElection,
      });
      const abort = new AbortController();
      let running: RunningController[] = [];
      log(`waiting for the leader-election lease ${options.namespace}/${leaseName('tsflux')}`);
      leadershipLost = elector
        .run(abort.signal, async (leading) => {
          log(`became leader (${elector.identity})`);
          running = await startControllers();
          await new Promise<void>((r) => leading.addEventListener('abort', () => r(), { once: true }));
        })
        .then(async () => {
          // in reverse, as the closers: the heartbeat stops before the controllers
          for (const r of [...running].reverse()) await r.stop();
          running = [];
          if (!abort.signal.aborted) log('leader election lost');
        });
      closers.push(async () => {
        abort.abort();
        await leadershipLost;
      });
    } else {
      for (const r of await startControllers()) closers.push(() => r.stop());
    }
    return {
      informers,
      metrics,
      webhook,
      ports: { metrics: portOf(metricsServer), health: portOf(healthServer), webhook: webhook?.port },
      stop,
      leadershipLost,
    };
  } catch (e: unknown) {
    await stop();
    throw e;
  }
}
