// Runs the real source controller in the test process against the shared control plane, with
// its own informers, a temporary artifact store on a free loopback port, and every log line and
// event captured so tests can assert on them (and assert that no secret leaks into them).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type RunningSourceController, setupSourceController } from '../../src/controllers/source/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../../src/runtime/kube/index.ts';
import { Logger } from '../../src/runtime/logging/index.ts';
import { ControllerMetrics, Registry } from '../../src/runtime/metrics/index.ts';
import { eventually } from './cluster.ts';
import { ensureFluxCrds } from './flux.ts';
import { namespacedInformers } from './informers.ts';

/** A source controller started for one test, with what it logged. */
export interface TestSourceController extends RunningSourceController {
  /** Every JSON log line the controller wrote. */
  logs: string[];
  metrics: Registry;
}

/**
 * Starts the source controller for the given kinds (default all) watching `namespace`, stopped
 * when the test ends. Core v1 Events go to the API server as in production; read them with
 * `kube.list({ version: 'v1', resource: 'events', namespace })`.
 */
export async function startTestSourceController(
  t: TestContext,
  kube: KubeClient,
  namespace: string,
  options: {
    kinds?: string[];
    noCrossNamespaceRefs?: boolean;
    retention?: { records: number; ttlMs: number };
    /** Where the controller posts its events (a notification controller's endpoint). */
    eventsAddr?: string;
    /** The artifact storage directory, owned by the caller (default a temporary one, removed after). */
    storagePath?: string;
  } = {},
): Promise<TestSourceController> {
  await ensureFluxCrds(kube);
  const { informers, informerOf } = namespacedInformers(kube, namespace, {
    Secret: { ref: { version: 'v1', resource: 'secrets', namespace } },
    ConfigMap: { ref: { version: 'v1', resource: 'configmaps', namespace } },
  });
  const logs: string[] = [];
  const metrics = new Registry();
  const storagePath = options.storagePath ?? mkdtempSync(join(tmpdir(), 'tsflux-storage-'));
  const running = await setupSourceController({
    kube,
    informerOf,
    metrics,
    controllerMetrics: new ControllerMetrics(metrics),
    logger: new Logger({ level: 'debug', write: (l) => logs.push(l) }),
    concurrent: 4,
    storagePath,
    storageAddr: '127.0.0.1:0',
    retention: options.retention ?? { records: 2, ttlMs: 60_000 },
    noCrossNamespaceRefs: options.noCrossNamespaceRefs ?? false,
    kinds: options.kinds,
    eventsAddr: options.eventsAddr,
  });
  t.after(async () => {
    await running.stop();
    await informers.stop();
    if (!options.storagePath) rmSync(storagePath, { recursive: true, force: true });
  });
  return { ...running, logs, metrics };
}

/** The core v1 Events recorded about one object, oldest first, as `Type Reason: message`. */
export async function eventsOf(kube: KubeClient, namespace: string, name: string): Promise<string[]> {
  const list = await kube.list<
    KubeObject & { type: string; reason: string; message: string; involvedObject: { name: string } }
  >({
    version: 'v1',
    resource: 'events',
    namespace,
  });
  return list.items
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason}: ${e.message}`);
}

type WithConditions = KubeObject & {
  status?: { observedGeneration?: number; conditions?: { type: string; status: string }[] };
};

/**
 * Waits until a source object's Ready condition has `status` (and, by default, when True, its
 * generation was observed), running `check` on it too; resolves with the object.
 */
export function waitForSourceReady<T extends WithConditions>(
  kube: KubeClient,
  ref: ResourceRef,
  status: 'True' | 'False',
  options: { check?: (o: T) => void; timeoutMs?: number; checkGeneration?: boolean } = {},
): Promise<T> {
  return eventually(
    async () => {
      const o = await kube.get<T>(ref);
      const ready = o.status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(ready?.status, status, `Ready: ${JSON.stringify(ready)}`);
      // a failure that will be retried leaves observedGeneration behind, as in Flux
      if (status === 'True' && options.checkGeneration !== false)
        assert.equal(o.status?.observedGeneration, o.metadata?.generation);
      options.check?.(o);
      return o;
    },
    { timeoutMs: options.timeoutMs ?? 30_000, what: `${ref.name} Ready=${status}` },
  );
}

/** Creates a Secret in `namespace` with `data` as plain strings (and an optional `type`). */
export async function createSecret(
  kube: KubeClient,
  namespace: string,
  name: string,
  data: Record<string, string>,
  type?: string,
): Promise<void> {
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      ...(type ? { type } : {}),
      stringData: data,
    },
  );
}
