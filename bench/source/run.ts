// Benchmark: the source controller at scale, on this machine's own servers.
//   For each kind (GitRepository over smart HTTP, OCIRepository on the distribution registry) and
//   each N (default 100 and 1,000): create N objects pointing at 10 repositories, time creation ->
//   all Ready, sample the manager's RSS, then watch one whole interval of steady state and count
//   what a no-op reconcile costs: git requests (protocol v2: an ls-remote is one GET info/refs and
//   one ls-refs POST; a clone would add fetch POSTs and a status write), registry requests
//   (manifest HEAD/GET vs blob GET), API server writes (kube-apiserver's apiserver_request_total)
//   and the status fields any update changed (from a watch).
// Goals (issue #6): a no-op reconcile costs one ls-remote and no write; RSS < 150 MiB at 1,000.
// Run: node bench/source/run.ts [--counts 100,1000] [--kinds git,oci] [--interval 60s]
// It builds dist/ and starts its own control plane and servers, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration } from '../../src/api/meta/index.ts';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import { applyManifests, installManifests } from '../../src/manager/index.ts';
import {
  KubeClient,
  type KubeObject,
  loadKubeconfig,
  mergePatchDiff,
  type ResourceRef,
} from '../../src/runtime/kube/index.ts';
import { pushArtifact, RegistryClient } from '../../src/runtime/oci/index.ts';
import { startGitHttpServer, startOciRegistry } from '../../test/servers/index.ts';
import { machineLine, rssMiB } from '../support/machine.ts';
import { buildDist, spawnManager, stopManager } from '../support/manager.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const counts = arg('counts', '100,1000').split(',').map(Number);
const kinds = arg('kinds', 'git,oci').split(',');
const interval = arg('interval', '60s');
const intervalMs = parseDuration(interval);
const REPOS = 10;
const dir = mkdtempSync(join(tmpdir(), 'tsflux-bench-source-'));

console.log(machineLine());
buildDist();
const state = await startControlPlane({
  dir: join(dir, 'cluster'),
  // no workloads: the API write counts below are the source controller's alone
  workloads: false,
  log: (l) => console.error(`[cluster] ${l}`),
});
const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });

/** kube-apiserver's own count of write requests (create/patch/update/delete) per resource. */
async function apiWrites(): Promise<Map<string, number>> {
  const text = await kube.request<string>({ path: '/metrics' });
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^apiserver_request_total\{([^}]*)\} (\d+)/gm)) {
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (!['POST', 'PATCH', 'PUT', 'DELETE'].includes(labels.verb ?? '')) continue;
    const key = `${labels.verb} ${labels.resource}${labels.subresource ? `/${labels.subresource}` : ''}`;
    out.set(key, (out.get(key) ?? 0) + Number(m[2]));
  }
  return out;
}

function diff(after: Map<string, number>, before: Map<string, number>): string {
  const parts: string[] = [];
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    // the namespace controller's clean-up of the previous run is not the source controller's work
    if (d > 0 && !k.startsWith('DELETE') && /repositories|buckets|helmcharts|events/.test(k))
      parts.push(`${k}: ${d}`);
  }
  return parts.length ? parts.join(', ') : 'none';
}

async function startManager() {
  const { child } = await spawnManager({
    kubeconfig: state.kubeconfig,
    nodeFlags: ['--max-semi-space-size=1'],
    args: ['--controllers=source', '--webhook-addr', '', '--log-level', 'error'],
  });
  return child;
}

/** Watches a collection for `ms` and counts which top-level status fields its updates changed. */
async function watchStatusChanges(ref: ResourceRef, ms: number): Promise<Map<string, number>> {
  const seen = new Map<string, unknown>();
  const counts = new Map<string, number>();
  for (const o of (await kube.list<Source>(ref)).items) seen.set(o.metadata?.name ?? '', o.status);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for await (const ev of kube.watch<Source>(ref, { signal: abort.signal })) {
      const name = ev.object.metadata?.name ?? '';
      const patch = mergePatchDiff(seen.get(name) ?? {}, ev.object.status ?? {}) as
        | Record<string, unknown>
        | undefined;
      seen.set(name, ev.object.status);
      for (const field of Object.keys(patch ?? {})) counts.set(field, (counts.get(field) ?? 0) + 1);
    }
  } catch {
    // aborted at the end of the window
  } finally {
    clearTimeout(timer);
  }
  return counts;
}

type Source = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };
const readyCount = (items: Source[]) =>
  items.filter((o) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;

interface KindSetup {
  resource: string;
  object(i: number): KubeObject;
  /** Requests the remote server saw so far, by class. */
  remoteCounts(): Record<string, number>;
  stop(): Promise<void>;
}

async function gitSetup(): Promise<KindSetup> {
  const server = await startGitHttpServer();
  for (let r = 0; r < REPOS; r++)
    await server.createRepository(`repo-${r}`, {
      files: {
        'deploy/app.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${r}\ndata:\n  n: "${r}"\n`,
        'README.md': `repository ${r}\n`,
      },
    });
  return {
    resource: 'gitrepositories',
    object: (i) => ({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: `repo-${i}` },
      spec: { url: server.repoUrl(`repo-${i % REPOS}`), interval, ref: { branch: 'main' } },
    }),
    remoteCounts() {
      // protocol v2: an ls-remote is one GET info/refs and one ls-refs POST; a clone adds fetch POSTs
      const c = { 'GET info/refs': 0, 'POST git-upload-pack': 0 };
      for (const r of server.requests) {
        if (r.method === 'GET' && r.path.includes('/info/refs')) c['GET info/refs']++;
        if (r.method === 'POST' && r.path.includes('git-upload-pack')) c['POST git-upload-pack']++;
      }
      return c;
    },
    stop: () => server.stop(),
  };
}

async function ociSetup(): Promise<KindSetup> {
  const registry = await startOciRegistry();
  const client = new RegistryClient(registry.host, { insecure: true });
  for (let r = 0; r < REPOS; r++) {
    const content = await createTarGz([
      {
        path: 'app.yaml',
        data: Buffer.from(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${r}\n`),
      },
    ]);
    await pushArtifact(client, `bench/app-${r}`, 'latest', content, { source: 'bench', revision: `r${r}` });
  }
  // the registry logs nothing we can count reliably; count what a proxy in front of it sees
  const { startCountingProxy } = await import('./counting-proxy.ts');
  const proxy = await startCountingProxy(registry.port);
  return {
    resource: 'ocirepositories',
    object: (i) => ({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: `app-${i}` },
      spec: {
        url: `oci://127.0.0.1:${proxy.port}/bench/app-${i % REPOS}`,
        interval,
        insecure: true,
        ref: { tag: 'latest' },
      },
    }),
    remoteCounts: () => proxy.counts(),
    async stop() {
      await proxy.stop();
      await registry.stop();
    },
  };
}

try {
  await applyManifests(kube, installManifests({ crdsOnly: true }), { fieldManager: 'bench' });
  for (const kind of kinds) {
    const setup = kind === 'git' ? await gitSetup() : await ociSetup();
    for (const n of counts) {
      const child = await startManager();
      const namespace = `bench-${kind}-${n}`;
      await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: namespace } });
      const ref = { group: 'source.toolkit.fluxcd.io', version: 'v1', resource: setup.resource, namespace };
      let peak = 0;
      const sampler = setInterval(async () => {
        peak = Math.max(peak, await rssMiB(child.pid!).catch(() => 0));
      }, 500);
      const writesAtStart = await apiWrites();
      const t0 = Date.now();
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < n; i = next++) await kube.create(ref, setup.object(i));
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      const createdMs = Date.now() - t0;
      let ready = 0;
      while (ready < n) {
        ready = readyCount((await kube.list<Source>(ref)).items);
        if (Date.now() - t0 > 15 * 60_000) throw new Error(`only ${ready}/${n} Ready after 15 min`);
        if (ready < n) await sleep(250);
      }
      const readyMs = Date.now() - t0;
      const writesToReady = diff(await apiWrites(), writesAtStart);
      console.log(
        `${kind} N=${n}: created in ${(createdMs / 1000).toFixed(1)} s, all Ready in ${(readyMs / 1000).toFixed(1)} s (API writes: ${writesToReady}; the bench's ${n} creates included), RSS ${(await rssMiB(child.pid!)).toFixed(1)} MiB (peak ${peak.toFixed(1)} MiB)`,
      );
      // steady state: one whole interval (+ jitter margin) in which nothing changed upstream
      await sleep(5000);
      const remoteBefore = setup.remoteCounts();
      const writesBefore = await apiWrites();
      const watchMs = intervalMs * 1.1 + 5000;
      const changed = await watchStatusChanges(ref, watchMs);
      const remoteAfter = setup.remoteCounts();
      const writesAfter = await apiWrites();
      const remote = Object.entries(remoteAfter)
        .map(([k, v]) => `${k}: ${v - (remoteBefore[k] ?? 0)}`)
        .join(', ');
      if (changed.size)
        console.log(
          `  status fields written during the no-op interval: ${[...changed].map(([k, v]) => `${k} x${v}`).join(', ')}`,
        );
      console.log(
        `  no-op interval (${(watchMs / 1000).toFixed(0)} s watched, interval ${interval}): ${remote}; API writes: ${diff(writesAfter, writesBefore)}; RSS ${(await rssMiB(child.pid!)).toFixed(1)} MiB (peak ${peak.toFixed(1)} MiB)`,
      );
      clearInterval(sampler);
      await stopManager(child);
      await kube.delete({ version: 'v1', resource: 'namespaces', name: namespace }).catch(() => {});
    }
    await setup.stop();
  }
} finally {
  kube.close();
  await stopControlPlane(join(dir, 'cluster'), { purge: true });
  rmSync(dir, { recursive: true, force: true });
}
