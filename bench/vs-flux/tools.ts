// The two GitOps tools the bench runs, started the same way: as processes on this machine against
// one control plane, with the same worker count and the same client budget per controller.
// tsflux is one process (`tsflux controller`); Flux is one process per controller, the binaries
// built from Flux's Go modules.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAllDocuments } from 'yaml';
import { applyManifests, installManifests } from '../../src/manager/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { FLUX_CONTROLLERS } from '../../src/toolchain/index.ts';
import { freePort } from '../../test/servers/index.ts';
import { spawnManager, stopManager } from '../support/manager.ts';
import type { ControllerName } from './workloads.ts';

const FLUX_CRDS = '/work/shared/reference/flux-crds';

/** A client budget per controller: Flux's default, or raised so the apiserver's is the bound. */
export interface Budget {
  name: string;
  qps: number;
  burst: number;
}

/** The budgets `--budget` names. */
export const BUDGETS: Record<string, Budget> = {
  default: { name: 'default', qps: 50, burst: 300 },
  raised: { name: 'raised', qps: 500, burst: 1000 },
};

/** What a started tool gives the bench. */
export interface RunningTool {
  /** The processes to measure (their children are measured with them). */
  pids(): number[];
  stop(): Promise<void>;
}

/** How the bench starts a tool. */
export interface Tool {
  name: string;
  /** Installs the tool's CRDs in a fresh control plane. */
  installCrds(kube: KubeClient): Promise<void>;
  start(options: {
    kubeconfig: string;
    dir: string;
    controllers: ControllerName[];
    budget: Budget;
    concurrent: number;
  }): Promise<RunningTool>;
}

/** tsflux's manager, one process, running the given controllers from `entry` (dist/ or src/). */
export function tsfluxTool(entry: string): Tool {
  return {
    name: 'tsflux',
    async installCrds(kube) {
      await applyManifests(kube, installManifests({ crdsOnly: true }), { fieldManager: 'bench' });
    },
    async start(o) {
      const { child } = await spawnManager({
        kubeconfig: o.kubeconfig,
        entry,
        nodeFlags: ['--max-semi-space-size=1'],
        args: [
          `--controllers=${o.controllers.join(',')}`,
          '--webhook-addr',
          '',
          '--log-level',
          'error',
          '--concurrent',
          String(o.concurrent),
          '--kube-api-qps',
          String(o.budget.qps),
          '--kube-api-burst',
          String(o.budget.burst),
        ],
      });
      return { pids: () => (child.pid ? [child.pid] : []), stop: () => stopManager(child) };
    },
  };
}

/** Flux's CRDs as its release ships them (the reference copies). */
function fluxCrds(): KubeObject[] {
  return readdirSync(FLUX_CRDS)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(FLUX_CRDS, f), 'utf8')).map((d) => d.toJSON() as KubeObject),
    )
    .filter((o) => o?.kind === 'CustomResourceDefinition');
}

/** Polls a controller's health endpoint until it answers ready, or fails with its log. */
async function waitHealthy(
  name: string,
  port: number,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < 60_000; await sleep(200)) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${log().slice(-2000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
  }
  throw new Error(`${name} not ready in 60 s: ${log().slice(-2000)}`);
}

/** The real Flux controllers, one process each, from the built binaries (`name` -> path). */
export function fluxTool(binaries: Map<string, string>): Tool {
  return {
    name: 'flux',
    async installCrds(kube) {
      await applyManifests(kube, fluxCrds(), { fieldManager: 'bench' });
      await kube
        .create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: 'flux-system' } })
        .catch(() => {});
    },
    async start(o) {
      const children: ChildProcess[] = [];
      const stop = async () => {
        for (const c of children) {
          if (c.exitCode !== null) continue;
          c.kill('SIGTERM');
          await new Promise((r) => c.on('close', r));
        }
      };
      try {
        for (const controller of o.controllers) {
          const name = `${controller}-controller`;
          const binary = binaries.get(name);
          if (!binary) throw new Error(`${name} was not built`);
          const health = await freePort();
          const args = [
            `--metrics-addr=127.0.0.1:${await freePort()}`,
            `--health-addr=127.0.0.1:${health}`,
            `--concurrent=${o.concurrent}`,
            `--kube-api-qps=${o.budget.qps}`,
            `--kube-api-burst=${o.budget.burst}`,
            '--log-level=error',
            '--watch-all-namespaces=true',
          ];
          if (controller === 'source') {
            const storage = await freePort();
            mkdirSync(join(o.dir, 'storage'), { recursive: true });
            args.push(
              `--storage-path=${join(o.dir, 'storage')}`,
              `--storage-addr=127.0.0.1:${storage}`,
              `--storage-adv-addr=127.0.0.1:${storage}`,
            );
          }
          const child = spawn(binary, args, {
            env: { ...process.env, KUBECONFIG: o.kubeconfig, RUNTIME_NAMESPACE: 'flux-system' },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          children.push(child);
          let log = '';
          child.stderr?.on('data', (b) => {
            log = (log + b).slice(-8000);
          });
          await waitHealthy(name, health, child, () => log);
        }
      } catch (e: unknown) {
        await stop();
        throw e;
      }
      return { pids: () => children.flatMap((c) => (c.pid ? [c.pid] : [])), stop };
    },
  };
}

/** The Flux controllers a set of workloads needs, by binary name. */
export function fluxControllersFor(controllers: ControllerName[]) {
  return FLUX_CONTROLLERS.filter((c) => controllers.some((n) => `${n}-controller` === c.name));
}
