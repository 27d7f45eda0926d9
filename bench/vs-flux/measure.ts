// One measured run: a fresh control plane (kube-controller-manager's client budget raised so it is
// never the bound, and an audit log counting requests by client), one tool started on it, N objects
// of one workload created, and the clock stopped when all are Ready. Optionally a no-op reconcile
// of every object after (what an interval costs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { KubeClient, type KubeObject, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { auditArgs, auditMark, BENCH_USER_AGENT, countRequests, type RequestCounts } from './audit.ts';
import {
  type Memory,
  peakMemory,
  type RunQueue,
  treeCpuSeconds,
  treeMemory,
  treeRunQueue,
} from './process-stats.ts';
import type { Budget, Tool } from './tools.ts';
import type { Workload } from './workloads.ts';

/** kube-controller-manager's QPS (burst twice that): far above what its deployment controller asks here. */
const KCM_QPS = 1000;

/** The figures of one run. */
export interface RunResult {
  tool: string;
  workload: string;
  n: number;
  budget: string;
  ready: number;
  wallS: number;
  /** false when the timeout came first: `wallS` is then the timeout and `ready` < n */
  complete: boolean;
  idle: Memory;
  peak: Memory;
  cpuS: number;
  /** time the tool's threads were runnable but waited for a CPU (the machine's load) */
  runQueue: RunQueue;
  requests: RequestCounts;
  /** where the objects' time went, from the workload's own reading */
  phases?: string;
  noop?: { wallS: number; cpuS: number; requests: RequestCounts };
}

type Flux = KubeObject & {
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    lastHandledReconcileAt?: string;
  };
};
const isReady = (o: Flux) =>
  o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Runs `workload` N times over on a fresh control plane with `tool`, and tears everything down. */
export async function measure(options: {
  tool: Tool;
  workload: Workload;
  n: number;
  budget: Budget;
  concurrent: number;
  dir: string;
  timeoutMs: number;
  noop: boolean;
  log: (line: string) => void;
}): Promise<RunResult> {
  const { tool, workload, n, log } = options;
  mkdirSync(options.dir, { recursive: true });
  const audit = auditArgs(options.dir);
  const clusterDir = join(options.dir, 'cluster');
  const state = await startControlPlane({
    dir: clusterDir,
    log: (l) => log(`[cluster] ${l}`),
    // the deployment and replicaset controllers only: Deployments are scaled to zero
    workloads: false,
    workloadControllers: true,
    controllerManagerQps: KCM_QPS,
    apiserverArgs: audit.args,
  });
  const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0, userAgent: BENCH_USER_AGENT });
  let running: Awaited<ReturnType<Tool['start']>> | undefined;
  try {
    await tool.installCrds(kube);
    running = await tool.start({
      kubeconfig: state.kubeconfig,
      dir: options.dir,
      controllers: workload.controllers,
      budget: options.budget,
      concurrent: options.concurrent,
    });
    const pids = running.pids;
    // idle: started, caches synced, nothing to reconcile yet
    await sleep(3000);
    const idle = treeMemory(pids());
    const namespace = `bench-${n}`;
    await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: namespace } });
    await workload.prepare(kube, namespace);
    const ref = workload.ref(namespace);
    const memory = peakMemory(pids);
    const mark0 = auditMark(audit.log);
    const cpu0 = treeCpuSeconds(pids());
    const queue0 = treeRunQueue(pids());
    const t0 = Date.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < n; i = next++) await workload.create(kube, namespace, i);
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    let ready = 0;
    let lastProgress = Date.now();
    for (;;) {
      const items = (await kube.list<Flux>(ref)).items;
      ready = items.filter(isReady).length;
      if (ready >= n || Date.now() - t0 > options.timeoutMs) break;
      // progress every 15 s on stderr, with one failure message, so a stuck run is seen at once
      if (Date.now() - lastProgress > 15_000) {
        lastProgress = Date.now();
        const failing = items
          .map((o) => o.status?.conditions?.find((c) => c.type === 'Ready'))
          .find((c) => c?.status === 'False');
        log(
          `  ${tool.name} ${workload.name} N=${n}: ${((Date.now() - t0) / 1000).toFixed(0)} s, ${ready}/${n} Ready${failing ? `; e.g. ${failing.reason}: ${failing.message?.slice(0, 200)}` : ''}`,
        );
      }
      await sleep(500);
    }
    const wallS = (Date.now() - t0) / 1000;
    const cpuS = treeCpuSeconds(pids()) - cpu0;
    const queue1 = treeRunQueue(pids());
    const runQueue = { threads: queue1.threads - queue0.threads, main: queue1.main - queue0.main };
    const requests = countRequests(audit.log, mark0);
    memory.stop();
    const result: RunResult = {
      tool: tool.name,
      workload: workload.name,
      n,
      budget: options.budget.name,
      ready,
      wallS,
      complete: ready >= n,
      idle,
      peak: memory.peak(),
      cpuS,
      runQueue,
      requests,
    };
    result.phases = await workload.phases?.(kube, namespace);
    if (options.noop && result.complete)
      result.noop = await noopReconcile(kube, ref, n, pids, audit.log, options);
    return result;
  } finally {
    await running?.stop();
    kube.close();
    await stopControlPlane(clusterDir, { purge: true });
  }
}

/**
 * Asks every object to reconcile once more (`reconcile.fluxcd.io/requestedAt`), with nothing to
 * change, and measures until each has handled it; the bench's own patches are not counted (they
 * come from the bench's user agent).
 */
async function noopReconcile(
  kube: KubeClient,
  ref: { group: string; version: string; resource: string; namespace: string },
  n: number,
  pids: () => number[],
  log: string,
  options: { timeoutMs: number },
): Promise<NonNullable<RunResult['noop']>> {
  await sleep(2000);
  const mark = auditMark(log);
  const cpu0 = treeCpuSeconds(pids());
  const token = `bench-${Date.now()}`;
  const t0 = Date.now();
  const items = (await kube.list<Flux>(ref)).items;
  for (const o of items)
    await kube.mergePatch(
      { ...ref, name: o.metadata?.name },
      { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } } },
    );
  for (;;) {
    const now = (await kube.list<Flux>(ref)).items;
    if (now.filter((o) => o.status?.lastHandledReconcileAt === token).length >= n) break;
    if (Date.now() - t0 > options.timeoutMs) break;
    await sleep(500);
  }
  return {
    wallS: (Date.now() - t0) / 1000,
    cpuS: treeCpuSeconds(pids()) - cpu0,
    requests: countRequests(log, mark),
  };
}
