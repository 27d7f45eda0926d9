// The notification controller started for one test namespace, with its logs, metrics and the
// Kubernetes Events it records kept for the checks that no secret leaks into any of them; and the
// objects and events its tests create.
import type { TestContext } from 'node:test';
import {
  type NotificationControllerOptions,
  setupNotificationController,
} from '../../src/controllers/notification/index.ts';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { Logger } from '../../src/runtime/logging/index.ts';
import { ControllerMetrics, Registry } from '../../src/runtime/metrics/index.ts';
import { eventually } from './eventually.ts';
import { ensureFluxCrds } from './flux.ts';
import { namespacedInformers } from './informers.ts';

/** The notification API group. */
export const group = 'notification.toolkit.fluxcd.io';
/** Where a namespace's Providers are. */
export const providers = (ns: string) => ({
  group,
  version: 'v1beta3',
  resource: 'providers',
  namespace: ns,
});
/** Where a namespace's Alerts are. */
export const alerts = (ns: string) => ({ group, version: 'v1beta3', resource: 'alerts', namespace: ns });
/** Where a namespace's Secrets are. */
export const secrets = (ns: string) => ({ version: 'v1', resource: 'secrets', namespace: ns });
/** Where a namespace's Receivers are (`name`: one of them). */
export const receivers = (ns: string, name?: string) => ({
  group,
  version: 'v1',
  resource: 'receivers',
  namespace: ns,
  name,
});
/** Where a namespace's GitRepositories are (`name`: one of them). */
export const gitRepos = (ns: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'gitrepositories',
  namespace: ns,
  name,
});

/**
 * Starts the notification controller over the informers of `ns` (event server and receivers on
 * free loopback ports), stopped when the test ends. `cached(kind, n)` waits until the informers
 * hold `n` objects of a kind (Alerts and Providers are read from them when an event arrives);
 * `everything()` is every log line, the metrics and the namespace's Events (messages and
 * annotations), joined, for secret-leak checks.
 */
export async function startNotification(
  t: TestContext,
  kube: KubeClient,
  ns: string,
  rateLimitIntervalMs = 300_000,
  options: Partial<Pick<NotificationControllerOptions, 'googleCertsUrl'>> = {},
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
    rateLimitIntervalMs,
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

/** A GitRepository event in Flux's JSON format, as the source controller posts it. */
export function event(ns: string, message: string, extra: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      name: 'app',
      namespace: ns,
      uid: '8f0c-test',
    },
    severity: 'info',
    timestamp: '2026-01-01T00:00:00Z',
    message,
    reason: 'NewArtifact',
    metadata: {
      'source.toolkit.fluxcd.io/revision': 'main@sha1:0123456789abcdef',
      'source.toolkit.fluxcd.io/checksum': 'dropped',
      'other.example/key': 'dropped too',
    },
    reportingController: 'source-controller',
    reportingInstance: 'test',
    ...extra,
  };
}

/** POSTs a JSON body, answering the status. */
export async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/** A Secret of string values, as tests create them. */
export function secret(name: string, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name },
    stringData: data,
  } as KubeObject;
}

/** A v1beta3 Provider. */
export function provider(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: `${group}/v1beta3`, kind: 'Provider', metadata: { name }, spec } as KubeObject;
}

/** A v1beta3 Alert on the namespace's GitRepositories (unless `spec` says otherwise). */
export function alert(name: string, providerName: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: `${group}/v1beta3`,
    kind: 'Alert',
    metadata: { name },
    spec: {
      providerRef: { name: providerName },
      eventSources: [{ kind: 'GitRepository', name: '*' }],
      ...spec,
    },
  } as KubeObject;
}

/** {@link secret} under the name the receiver and e-mail tests import. */
export const stringSecret = secret;

/** {@link startNotification} with its options in one object, as the receiver and e-mail tests call it. */
export function startTestNotificationController(
  t: TestContext,
  kube: KubeClient,
  ns: string,
  options: Partial<Pick<NotificationControllerOptions, 'rateLimitIntervalMs' | 'googleCertsUrl'>> = {},
) {
  return startNotification(t, kube, ns, options.rateLimitIntervalMs ?? 300_000, options);
}
