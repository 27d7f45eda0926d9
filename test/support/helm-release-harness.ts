// The helm controller's integration setup, shared by its test files: the controller on informers
// scoped to one test namespace of the workload cluster (where Deployments become ready), podinfo
// served by a local Helm repository, a HelmRelease of it, and the waits on its conditions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setupHelmController } from '../../src/controllers/helm/index.ts';
import type { KubeClient } from '../../src/runtime/kube/index.ts';
import { Logger } from '../../src/runtime/logging/index.ts';
import { ControllerMetrics, Registry } from '../../src/runtime/metrics/index.ts';
import { helmBinary } from '../../src/toolchain/index.ts';
import { helmHomeEnv } from '../servers/helm-repository.ts';
import { startHelmRepository } from '../servers/index.ts';
import { run } from '../servers/process.ts';
import { eventually, testNamespace, testWorkloadClient, testWorkloadKubeconfig } from './cluster.ts';
import { namespacedInformers } from './informers.ts';
import type { Obj } from './kustomize-harness.ts';
import { startTestSourceController } from './source-controller.ts';

export type { Obj } from './kustomize-harness.ts';

/** The podinfo chart of the shared fixtures (version 6.14.1). */
export const PODINFO = join(import.meta.dirname, '../../../shared/fixtures/charts/podinfo');

/** A condition as the tests read it. */
export type Condition = { type: string; status: string; reason: string; message: string };

/** The API reference of a HelmRelease (or of the HelmReleases of a namespace). */
export const hrRef = (ns: string, name?: string) => ({
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  resource: 'helmreleases',
  namespace: ns,
  name,
});

/** The API reference of a Deployment. */
export const deployRef = (ns: string, name: string) => ({
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespace: ns,
  name,
});

/** A condition of an object, by type. */
export const condition = (o: Obj, type: string): Condition | undefined =>
  o.status?.conditions?.find((c: Condition) => c.type === type);

/** Options of {@link startHelmController}. */
export interface HelmControllerTestOptions {
  /** `--default-service-account`. */
  defaultServiceAccount?: string;
}

/** Options of {@link withChartRepository}. */
export interface ChartRepositoryOptions extends HelmControllerTestOptions {
  /** The chart directories the repository serves (default podinfo). */
  charts?: string[];
  /** The workload cluster's client, when the test made it already. */
  kube?: KubeClient;
}

/** Starts the helm controller on informers scoped to the test's namespace, stopped when it ends. */
export async function startHelmController(
  t: TestContext,
  kube: KubeClient,
  ns: string,
  options: HelmControllerTestOptions = {},
): Promise<void> {
  // the manager's Secret and ConfigMap informers hold only those labelled for watching
  const watched = (resource: string) => ({
    ref: { version: 'v1', resource, namespace: ns },
    labelSelector: 'reconcile.fluxcd.io/watch=Enabled',
  });
  const { informers, informerOf } = namespacedInformers(kube, ns, {
    ConfigMap: watched('configmaps'),
    Secret: watched('secrets'),
  });
  const metrics = new Registry();
  const running = await setupHelmController({
    kube,
    informerOf,
    metrics,
    controllerMetrics: new ControllerMetrics(metrics),
    logger: new Logger({ level: 'error', write: () => {} }),
    concurrent: 4,
    requeueDependencyMs: 1000,
    noCrossNamespaceRefs: false,
    defaultServiceAccount: options.defaultServiceAccount,
  });
  t.after(async () => {
    await running.stop();
    await informers.stop();
  });
}

/**
 * The common start of a test: a namespace of its own on the workload cluster, a Helm repository
 * serving podinfo (or `charts`) as the HelmRepository `charts`, the source controller's Helm
 * kinds and the helm controller, all stopped when the test ends.
 */
export async function withChartRepository(
  t: TestContext,
  prefix: string,
  options: ChartRepositoryOptions = {},
) {
  const kube = options.kube ?? testWorkloadClient(t);
  const ns = await testNamespace(t, kube, prefix);
  const repo = await startHelmRepository({ charts: options.charts ?? [PODINFO] });
  t.after(() => repo.stop());
  await startTestSourceController(t, kube, ns, { kinds: ['HelmRepository', 'HelmChart'] });
  await startHelmController(t, kube, ns, options);
  await createHelmRepository(kube, ns, repo.url);
  return { kube, ns, repo };
}

/** Creates the HelmRepository `charts` of a test namespace, serving `url`. */
export async function createHelmRepository(kube: KubeClient, ns: string, url: string): Promise<void> {
  await kube.create(
    { group: 'source.toolkit.fluxcd.io', version: 'v1', resource: 'helmrepositories', namespace: ns },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'charts', namespace: ns },
      spec: { url, interval: '10m' },
    },
  );
}

/** A HelmRelease of a chart from the HelmRepository `charts`, with more spec. */
export function chartRelease(
  ns: string,
  name: string,
  chart: { chart: string; version: string },
  spec: Record<string, unknown> = {},
): Obj {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: ns },
    spec: {
      interval: '10m',
      chart: { spec: { ...chart, sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
      ...spec,
    },
  };
}

/** A HelmRelease of podinfo 6.14.1 from the HelmRepository `charts`, with more spec. */
export function podinfoRelease(ns: string, name: string, spec: Record<string, unknown> = {}): Obj {
  return chartRelease(ns, name, { chart: 'podinfo', version: '6.14.1' }, spec);
}

/** Waits until the HelmRelease is Ready with `status` (and `reason`), at its current generation. */
export function waitReady(kube: KubeClient, ns: string, name: string, status: string, reason?: string) {
  return eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, name));
      const ready = condition(o, 'Ready');
      assert.equal(ready?.status, status, `Ready: ${JSON.stringify(ready)}`);
      if (reason) assert.equal(ready?.reason, reason, `Ready: ${JSON.stringify(ready)}`);
      if (status === 'True') assert.equal(o.status?.observedGeneration, o.metadata?.generation);
      return o;
    },
    { timeoutMs: 90_000, what: `${name} Ready=${status}` },
  );
}

/** Runs the real helm against the workload cluster, its cache and config in a temp dir. */
export async function helm(t: TestContext, args: string[]): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'helm-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  return run(await helmBinary(), [...args, '--kubeconfig', testWorkloadKubeconfig()], {
    env: helmHomeEnv(home),
  });
}
