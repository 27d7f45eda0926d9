// Benchmark: memory of the tsflux manager (`tsflux controller`) with informers for every Flux kind
// (and the watched Secrets/ConfigMaps), as compiled JavaScript (what the Deployment runs):
//   1. idle on an empty cluster, right after its caches synced: without the conversion webhook,
//      with it, and with V8's young generation capped (--max-semi-space-size=1, the Deployment's
//      NODE_OPTIONS); also from the TypeScript sources, for comparison;
//   2. with N watched Flux objects (suspended GitRepositories in 20 namespaces) in its caches.
// Run: node bench/runtime/run.ts [--objects N]   (default 10,000)
// It builds dist/ and starts its own control plane in a temporary directory, removed at the end.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { applyManifests, installManifests } from '../../src/manager/index.ts';
import { KubeClient, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { machineLine, rssMiB } from '../support/machine.ts';
import { buildDist, spawnManager, stopManager } from '../support/manager.ts';

const objects = Number(process.argv[process.argv.indexOf('--objects') + 1]) || 10_000;
const dir = mkdtempSync(join(tmpdir(), 'tsflux-bench-runtime-'));

console.log(machineLine());
buildDist();
// no workloads: the figures are the controllers' own, without kwok's Pods churning the API server
const state = await startControlPlane({ dir, workloads: false, log: (l) => console.error(`[cluster] ${l}`) });
const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });

const startManager = (entry: string, nodeFlags: string[], webhook: boolean) =>
  spawnManager({
    kubeconfig: state.kubeconfig,
    entry,
    nodeFlags,
    args: ['--webhook-addr', webhook ? '127.0.0.1:0' : '', '--webhook-url', 'https://127.0.0.1:{port}'],
  });
const stop = stopManager;

try {
  await applyManifests(kube, installManifests({ crdsOnly: true }), { fieldManager: 'bench' });
  const variants = [
    { name: 'dist, no webhook', entry: 'dist/cli/main.js', flags: [], webhook: false },
    {
      name: 'dist, no webhook, --max-semi-space-size=1',
      entry: 'dist/cli/main.js',
      flags: ['--max-semi-space-size=1'],
      webhook: false,
    },
    {
      name: 'dist, conversion webhook, --max-semi-space-size=1',
      entry: 'dist/cli/main.js',
      flags: ['--max-semi-space-size=1'],
      webhook: true,
    },
    {
      name: 'TypeScript sources (type stripping), no webhook',
      entry: 'src/cli/main.ts',
      flags: [],
      webhook: false,
    },
  ];
  console.log('idle RSS (goal < 80 MiB; the six Flux controllers idle at 310-450 MiB together):');
  for (const v of variants) {
    const { child, readyMs } = await startManager(v.entry, v.flags, v.webhook);
    await sleep(5000);
    console.log(
      `  ${v.name.padEnd(52)} ${(await rssMiB(child.pid!)).toFixed(1).padStart(6)} MiB   (ready in ${readyMs} ms)`,
    );
    await stop(child);
  }

  const { child } = await startManager('dist/cli/main.js', ['--max-semi-space-size=1'], false);
  const namespaces = Array.from({ length: 20 }, (_, i) => `bench-${i}`);
  for (const name of namespaces)
    await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name } });
  const t0 = Date.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < objects; i = next++) {
      await kube.create(
        {
          group: 'source.toolkit.fluxcd.io',
          version: 'v1',
          resource: 'gitrepositories',
          namespace: namespaces[i % namespaces.length],
        },
        {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name: `repo-${i}`, labels: { app: 'bench' } },
          // suspended: the informers' memory is measured here, not 10,000 failing fetches
          spec: {
            url: `https://git.example/org/repo-${i}.git`,
            interval: '5m',
            ref: { branch: 'main' },
            suspend: true,
          },
        },
      );
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  console.log(`created ${objects} GitRepositories in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    await sleep(1000);
    samples.push(await rssMiB(child.pid!));
  }
  console.log(
    `RSS with ${objects} watched objects (dist, --max-semi-space-size=1): ${Math.max(...samples.slice(-5)).toFixed(1)} MiB (max of the last 5 of 10 samples, 1 s apart)`,
  );
  await stop(child);
} finally {
  kube.close();
  await stopControlPlane(dir, { purge: true });
}
