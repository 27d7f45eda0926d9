// Benchmark: the kustomize controller in the shape of Flux's own scale test. N sources
// (GitRepositories on the local smart-HTTP server, or OCIRepositories on the local registry) and
// N Kustomizations, each applying a ServiceAccount, a Service, a Deployment (replicas 0) and an
// Ingress with `wait: true`; measured from creation to all Kustomizations Ready, with the
// manager's peak RSS and the API requests it made (from kube-apiserver's apiserver_request_total).
// Flux 2.9 needs 26 s (N=100) and 2 min (N=500) on a 16-core runner with 20 workers, bound by its
// 5-second health polling; tsflux waits on watch events instead.
// Run: node bench/kustomize-controller/run.ts [--counts 100,500] [--source git|oci] [--concurrent 20] [--manager-args "..."] [--kcm-qps N]
// It builds dist/ and starts its own control plane and servers, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import { applyManifests, installManifests } from '../../src/manager/index.ts';
import { KubeClient, type KubeObject, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { pushArtifact, RegistryClient } from '../../src/runtime/oci/index.ts';
import { startGitHttpServer, startOciRegistry } from '../../test/servers/index.ts';
import { machineLine, rssMiB } from '../support/machine.ts';
import { buildDist, spawnManager, stopManager } from '../support/manager.ts';
import { SCALE_TEST_APP } from '../support/scale-test-app.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const counts = arg('counts', '100,500').split(',').map(Number);
const source = arg('source', 'git');
const concurrent = arg('concurrent', '20');
// extra manager flags, e.g. --manager-args "--kube-api-qps=200 --kube-api-burst=600"
const managerArgs = arg('manager-args', '').split(' ').filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'tsflux-bench-ks-'));

const app = SCALE_TEST_APP;

console.log(machineLine());
buildDist();
// each count runs on a control plane of its own, so no count shares the cluster with what the
// previous one left (its objects' reconciles at start-up, or a namespace controller deleting them);
// the deployment controller reports the scaled-to-zero Deployments Available, as in Flux's test
async function startCluster(n: number) {
  const state = await startControlPlane({
    dir: join(dir, `cluster-${n}`),
    log: (l) => console.error(`[cluster] ${l}`),
    // only the deployment controllers, no scheduler or kwok: Deployments are scaled to zero
    workloads: false,
    workloadControllers: true,
    // --kcm-qps N: the deployment controller's budget (default 20 QPS) bounds how fast Deployments
    // report Available; raising it shows the kustomize controller's own limit
    controllerManagerQps: Number(arg('kcm-qps', '0')) || undefined,
  });
  const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });
  await applyManifests(kube, installManifests({ crdsOnly: true }), { fieldManager: 'bench' });
  return { state, kube };
}

/** kube-apiserver's request counts by verb, leases excluded (leader election is not the work). */
async function apiRequests(kube: KubeClient): Promise<Map<string, number>> {
  const text = await kube.request<string>({ path: '/metrics' });
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^apiserver_request_total\{([^}]*)\} (\d+)/gm)) {
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (labels.resource === 'leases') continue;
    out.set(labels.verb ?? '?', (out.get(labels.verb ?? '?') ?? 0) + Number(m[2]));
  }
  return out;
}

const sourceObject = await (async (): Promise<{
  make(i: number, ns: string): KubeObject;
  stop(): Promise<void>;
}> => {
  if (source === 'oci') {
    const registry = await startOciRegistry();
    const client = new RegistryClient(registry.host, { insecure: true });
    await pushArtifact(
      client,
      'bench/app',
      'latest',
      await createTarGz([{ path: 'app.yaml', data: Buffer.from(app) }]),
      {
        source: 'bench',
        revision: 'v1',
      },
    );
    return {
      make: (i, namespace) => ({
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'OCIRepository',
        metadata: { name: `app-${i}`, namespace },
        spec: {
          url: `oci://${registry.host}/bench/app`,
          insecure: true,
          interval: '10m',
          ref: { tag: 'latest' },
        },
      }),
      stop: () => registry.stop(),
    };
  }
  const git = await startGitHttpServer();
  await git.createRepository('app', { files: { 'app.yaml': app } });
  return {
    make: (i, namespace) => ({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: `app-${i}`, namespace },
      spec: { url: git.repoUrl('app'), interval: '10m', ref: { branch: 'main' } },
    }),
    stop: () => git.stop(),
  };
})();

type Flux = KubeObject & {
  status?: { conditions?: { type: string; status: string; reason: string; message?: string }[] };
};
const isReady = (o: Flux) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

// request counts by verb between two samples
const delta = (before: Map<string, number>, after: Map<string, number>) =>
  [...after].map(([verb, c]) => [verb, c - (before.get(verb) ?? 0)] as const).filter(([, d]) => d > 0);

let running: string | undefined; // the control plane to stop if a count fails
try {
  for (const n of counts) {
    running = join(dir, `cluster-${n}`);
    const { state, kube } = await startCluster(n);
    const { child } = await spawnManager({
      kubeconfig: state.kubeconfig,
      nodeFlags: ['--max-semi-space-size=1'],
      args: [
        '--controllers=source,kustomize',
        '--webhook-addr',
        '',
        '--log-level',
        'error',
        '--concurrent',
        concurrent,
        ...managerArgs,
      ],
    });
    const namespace = `bench-ks-${n}`;
    await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: namespace } });
    let peak = 0;
    const sampler = setInterval(async () => {
      peak = Math.max(peak, await rssMiB(child.pid!).catch(() => 0));
    }, 250);
    const before = await apiRequests(kube);
    const t0 = Date.now();
    const sources = {
      group: 'source.toolkit.fluxcd.io',
      version: 'v1',
      resource: source === 'oci' ? 'ocirepositories' : 'gitrepositories',
      namespace,
    };
    const kustomizations = {
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      resource: 'kustomizations',
      namespace,
    };
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < n; i = next++) {
        await kube.create(sources, sourceObject.make(i, namespace));
        await kube.create(kustomizations, {
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          metadata: { name: `app-${i}`, namespace },
          spec: {
            interval: '10m',
            sourceRef: { kind: source === 'oci' ? 'OCIRepository' : 'GitRepository', name: `app-${i}` },
            path: './',
            prune: true,
            wait: true,
            timeout: '5m',
            nameSuffix: `-${i}`,
            targetNamespace: namespace,
          },
        });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    let ready = 0;
    let lastProgress = Date.now();
    while (ready < n) {
      const items = (await kube.list<Flux>(kustomizations)).items;
      ready = items.filter(isReady).length;
      // progress every 10 s on stderr, with one failure message, so a stuck run is seen at once
      if (Date.now() - lastProgress > 10_000) {
        lastProgress = Date.now();
        const failing = items
          .map((o) => o.status?.conditions?.find((c) => c.type === 'Ready'))
          .find((c) => c?.status === 'False');
        const sourcesReady = (await kube.list<Flux>(sources)).items.filter(isReady).length;
        console.error(
          `  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${sourcesReady}/${n} sources and ${ready}/${n} Kustomizations Ready${failing ? `; e.g. ${failing.reason}: ${failing.message}` : ''}`,
        );
      }
      if (Date.now() - t0 > 10 * 60_000)
        throw new Error(`only ${ready}/${n} Kustomizations Ready after 10 min`);
      if (ready < n) await sleep(250);
    }
    const wallMs = Date.now() - t0;
    const after = await apiRequests(kube);
    const requests = delta(before, after);
    const total = requests.reduce((s, [, d]) => s + d, 0);
    console.log(
      `N=${n} (${source} sources, --concurrent ${concurrent}): all Ready in ${(wallMs / 1000).toFixed(1)} s, peak RSS ${peak.toFixed(1)} MiB, API requests ${total} (${requests.map(([v, d]) => `${v} ${d}`).join(', ')}; all clients, leases excluded)`,
    );

    // the steady state: every Kustomization asked to reconcile once more, with nothing to change
    // (what each interval costs); the bench's own N annotation patches are left out of the count
    await sleep(2000);
    const idleBefore = await apiRequests(kube);
    const token = `bench-${Date.now()}`;
    const t1 = Date.now();
    for (let i = 0; i < n; i++)
      await kube.mergePatch(
        { ...kustomizations, name: `app-${i}` },
        { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } } },
      );
    for (;;) {
      const items = (await kube.list<Flux & { status?: { lastHandledReconcileAt?: string } }>(kustomizations))
        .items;
      if (items.every((o) => o.status?.lastHandledReconcileAt === token)) break;
      if (Date.now() - t1 > 5 * 60_000) throw new Error('no-op reconciles did not finish in 5 min');
      await sleep(250);
    }
    const noopMs = Date.now() - t1;
    const noop = delta(idleBefore, await apiRequests(kube)).map(
      ([verb, d]) => [verb, verb === 'PATCH' ? d - n : d] as const,
    );
    const noopTotal = noop.reduce((s, [, d]) => s + d, 0);
    console.log(
      `  no-op reconcile of all ${n} (reconcile.fluxcd.io/requestedAt): ${(noopMs / 1000).toFixed(1)} s, ${(noopTotal / n).toFixed(1)} API requests per Kustomization (${noop
        .filter(([, d]) => d > 0)
        .map(([v, d]) => `${v} ${d}`)
        .join(', ')})`,
    );
    clearInterval(sampler);
    await stopManager(child);
    kube.close();
    await stopControlPlane(running, { purge: true });
    running = undefined;
  }
} finally {
  if (running) await stopControlPlane(running, { purge: true });
  await sourceObject.stop();
  rmSync(dir, { recursive: true, force: true });
}
