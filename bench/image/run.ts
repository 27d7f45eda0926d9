// Benchmark: the image reflector at scale, on this machine's own registry.
//   Pushes R repositories of T tags each to the CNCF distribution registry (one small image per
//   repository, tagged T times), then runs `tsflux controller --controllers=image` against a
//   local control plane: R ImageRepositories and P ImagePolicies (semver, spread over the
//   repositories), timed from creation to all Ready, with the manager's peak RSS and the registry
//   requests (tag list pages, by a counting proxy in front of the registry).
// Issue 15's shape: 100 repositories of 1,000 tags and 100 policies (the defaults).
// Run: node bench/image/run.ts [--repos 100] [--tags 1000] [--policies 100]
// It builds dist/ and starts its own control plane and registry, removed at the end (removing
// the registry's 100,000 tag directories takes a few minutes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { applyManifests, installManifests } from '../../src/manager/index.ts';
import { KubeClient, type KubeObject, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { getManifest, pushArtifact, registryRequest, startOciRegistry } from '../../test/servers/index.ts';
import { startCountingProxy } from '../source/counting-proxy.ts';
import { machineLine, rssMiB } from '../support/machine.ts';
import { buildDist, spawnManager, stopManager } from '../support/manager.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i > 0 ? process.argv[i + 1] : fallback);
};
const repos = arg('repos', '100');
const tags = arg('tags', '1000');
const policies = arg('policies', '100');
const dir = mkdtempSync(join(tmpdir(), 'tsflux-bench-image-'));

console.log(machineLine());
const registry = await startOciRegistry();
const proxy = await startCountingProxy(registry.port);
const pushStart = Date.now();
for (let r = 0; r < repos; r++) {
  const repo = `bench/app-${r}`;
  await pushArtifact(registry.url, repo, 'v0.0.0', {
    layers: [{ mediaType: 'application/octet-stream', data: repo }],
  });
  const { manifest } = await getManifest(registry.url, repo, 'v0.0.0');
  const body = Buffer.from(JSON.stringify(manifest));
  const names = Array.from({ length: tags - 1 }, (_, i) => `v${Math.floor(i / 100)}.${i % 100}.${r}`);
  for (let i = 0; i < names.length; i += 32)
    await Promise.all(
      names.slice(i, i + 32).map((tag) =>
        registryRequest('PUT', `${registry.url}/v2/${repo}/manifests/${tag}`, {
          headers: { 'Content-Type': manifest.mediaType },
          body,
        }),
      ),
    );
}
console.log(
  `pushed ${repos} repositories x ${tags} tags in ${((Date.now() - pushStart) / 1000).toFixed(1)} s`,
);

buildDist();
const state = await startControlPlane({
  dir: join(dir, 'cluster'),
  workloads: false,
  log: (l) => console.error(`[cluster] ${l}`),
});
const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });
type Obj = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };
const ready = (items: Obj[]) =>
  items.filter((o) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;

try {
  await applyManifests(kube, installManifests({ crdsOnly: true }), { fieldManager: 'bench' });
  const namespace = 'bench-image';
  await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: namespace } });
  const { child } = await spawnManager({
    kubeconfig: state.kubeconfig,
    args: ['--controllers=image', '--webhook-addr', '', '--log-level', 'error'],
  });
  const ref = (resource: string) => ({
    group: 'image.toolkit.fluxcd.io',
    version: 'v1',
    resource,
    namespace,
  });
  const t0 = Date.now();
  for (let r = 0; r < repos; r++)
    await kube.create(ref('imagerepositories'), {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageRepository',
      metadata: { name: `app-${r}` },
      spec: { image: `127.0.0.1:${proxy.port}/bench/app-${r}`, interval: '1h' },
    });
  for (let p = 0; p < policies; p++)
    await kube.create(ref('imagepolicies'), {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImagePolicy',
      metadata: { name: `policy-${p}` },
      spec: {
        imageRepositoryRef: { name: `app-${p % repos}` },
        policy: { semver: { range: p % 2 ? '>=1.0.0' : '<5.0.0' } },
      },
    });
  let peak = 0;
  let repositoriesReadyMs = 0;
  for (;;) {
    peak = Math.max(peak, await rssMiB(child.pid as number).catch(() => 0));
    const r = ready((await kube.list<Obj>(ref('imagerepositories'))).items);
    const p = ready((await kube.list<Obj>(ref('imagepolicies'))).items);
    if (r === repos && !repositoriesReadyMs) repositoriesReadyMs = Date.now() - t0;
    if (r === repos && p === policies) break;
    if (Date.now() - t0 > 30 * 60_000)
      throw new Error(`not all Ready after 30 min: ${r} repositories, ${p} policies`);
    await sleep(250);
  }
  const allMs = Date.now() - t0;
  console.log(
    `${repos} ImageRepositories of ${tags} tags scanned in ${(repositoriesReadyMs / 1000).toFixed(1)} s, ` +
      `${policies} ImagePolicies resolved by ${(allMs / 1000).toFixed(1)} s; ` +
      `manager RSS ${(await rssMiB(child.pid as number)).toFixed(1)} MiB (peak ${peak.toFixed(1)} MiB); ` +
      `registry requests: ${JSON.stringify(proxy.counts())}`,
  );
  await stopManager(child);
} finally {
  await proxy.stop();
  await registry.stop();
  await stopControlPlane(join(dir, 'cluster'), { purge: true });
  rmSync(dir, { recursive: true, force: true });
}
