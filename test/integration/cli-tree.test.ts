// `tsflux tree kustomization` against the real control plane: the inventory written in a
// Kustomization's status, nested Kustomizations followed, a missing one reported clearly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { KubeClient } from '../../src/runtime/kube/index.ts';
import { testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [main, ...args, '--kubeconfig', testKubeconfig()], {
    encoding: 'utf8',
    timeout: 60_000,
  });

async function kustomization(kube: KubeClient, ns: string, name: string, entries: string[]) {
  const ref = {
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'kustomizations',
    namespace: ns,
  };
  await kube.create(ref, {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name },
    spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'repo' }, suspend: true },
  });
  await kube.mergePatch(
    { ...ref, name, subresource: 'status' },
    { status: { inventory: { entries: entries.map((id) => ({ id, v: 'v1' })) } } },
  );
}

test('tree kustomization prints the inventory, nested Kustomizations expanded', {
  timeout: 90_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'tree');
  await kustomization(kube, ns, 'root', [
    '_apps__Namespace',
    `${ns}_apps_kustomize.toolkit.fluxcd.io_Kustomization`,
    `${ns}_gone_kustomize.toolkit.fluxcd.io_Kustomization`,
  ]);
  await kustomization(kube, ns, 'apps', ['apps_web__Service', 'apps_web_apps_Deployment']);

  const out = cli('tree', 'kustomization', 'root', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(
    out.stdout,
    [
      `Kustomization/${ns}/root`,
      '├── Namespace/apps',
      `├── Kustomization/${ns}/apps`,
      '│   ├── Service/apps/web',
      '│   └── Deployment/apps/web',
      `└── Kustomization/${ns}/gone`,
      '',
    ].join('\n'),
  );

  // `ks` is an alias of `kustomization` here too, as for every verb
  const json = cli('tree', 'ks', 'apps', '-n', ns, '-o', 'json');
  assert.equal(json.status, 0, json.stderr);
  const asJson = cli('tree', 'kustomization', 'apps', '-n', ns, '-o', 'json');
  assert.equal(asJson.status, 0, asJson.stderr);
  assert.equal(json.stdout, asJson.stdout);
  assert.deepEqual(JSON.parse(asJson.stdout).resources[1].resource, {
    kind: 'Deployment',
    group: 'apps',
    namespace: 'apps',
    name: 'web',
  });

  const missing = cli('tree', 'kustomization', 'nope', '-n', ns);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, new RegExp(`Kustomization '${ns}/nope' not found`));
});
