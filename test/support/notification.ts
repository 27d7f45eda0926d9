// The notification controller started for one test namespace, with its logs, metrics and the
// Kubernetes Events it records kept for the checks that no secret leaks into any of them.
import type { TestContext } from 'node:test';
import {
  type NotificationControllerOptions,
  setupNotificationController,
} from '../../src/controllers/notification/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { Logger } from '../../src/runtime/logging/index.ts';
import { ControllerMetrics, Registry } from '../../src/runtime/metrics/index.ts';
import { eventually } from './eventually.ts';
import { ensureFluxCrds } from './flux.ts';
import { namespacedInformers } from './informers.ts';

/** A Secret of string values, as tests create them. */
export function stringSecret(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: data } as KubeObject;
}

/**
 * Starts the notification controller over the informers of `ns` (event server and receivers on
 * free loopback ports), stopped when the test ends. `cached(kind, n)` waits until the informers
 * hold `n` objects of a kind; `everything()` is every log line, the metrics and the namespace's
 * Events (messages and annotations), joined, for secret-leak checks.
 */
export async function startTestNotificationController(
  t: TestContext,
  kube: KubeClient,
  ns: string,
  options: Partial<Pick<NotificationControllerOptions, 'rateLimitIntervalMs' | 'googleCertsUrl'>> = {},
) {
  await ensureFluxCrds(kube);
  const { informers, informerOf } = namespacedInformers(kube, ns);
  await informers.waitForCacheSync();
  const logs: string[] = [];
  const metrics = new Registry();
  const running = await setupNotificationController({
    kube,
    informerOf,
    metrics,
    controllerMetrics: new ControllerMetrics(metrics),
    logger: new Logger({ level: 'debug', write: (l) => logs.push(l) }),
    concurrent: 2,
    noCrossNamespaceRefs: false,
    eventsListenAddr: '127.0.0.1:0',
    receiverAddr: '127.0.0.1:0',
    rateLimitIntervalMs: options.rateLimitIntervalMs ?? 300_000,
    googleCertsUrl: options.googleCertsUrl,
  });
  t.after(async () => {
    await running.stop();
    await informers.stop();
  });
  const cached = (kind: string, n: number) =>
    eventually(
      async () => {
        if (informerOf(kind).list(ns).length < n) throw new Error(`${kind}s not cached yet`);
      },
      { what: `${n} ${kind}(s) in the cache` },
    );
  const everything = async () => {
    const events = await kube.list<KubeObject & { message?: string }>({
      version: 'v1',
      resource: 'events',
      namespace: ns,
    });
    return [
      ...logs,
      metrics.expose(),
      ...events.items.map((e) => `${e.message ?? ''} ${JSON.stringify(e.metadata?.annotations ?? {})}`),
    ].join('\n');
  };
  return { ...running, logs, metrics, informerOf, cached, everything };
}
