// Helm's release storage, both ways, against the real helm (v4) on the real control plane:
// a release installed by `helm install` is decoded by tsflux, and releases tsflux writes are
// listed, shown and rolled back by helm.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadChartFromDisk } from '../../src/cli/commands/helm.ts';
import {
  releaseFromRender,
  releaseFromSecret,
  releaseSecretName,
  releaseToSecret,
  renderChart,
} from '../../src/engines/helm/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { helmBinary } from '../../src/toolchain/index.ts';
import { testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';

const run = promisify(execFile);
const podinfo = fileURLToPath(new URL('../../../shared/fixtures/charts/podinfo', import.meta.url));
const secrets = (namespace: string, name?: string) => ({
  version: 'v1',
  resource: 'secrets',
  namespace,
  name,
});

async function helm(...args: string[]): Promise<string> {
  const { stdout } = await run(await helmBinary(), [...args, '--kubeconfig', testKubeconfig()], {
    maxBuffer: 1 << 26,
  });
  return stdout;
}

test('a release installed by helm is decoded by tsflux', { timeout: 120_000 }, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'helm-in');
  await helm('install', 'web', podinfo, '--namespace', ns, '--set', 'replicaCount=2');
  const secret = await kube.get<KubeObject & { type: string; data: Record<string, string> }>(
    secrets(ns, releaseSecretName('web', 1)),
  );
  assert.equal(secret.type, 'helm.sh/release.v1');
  assert.deepEqual(
    {
      name: secret.metadata?.labels?.name,
      owner: secret.metadata?.labels?.owner,
      status: secret.metadata?.labels?.status,
      version: secret.metadata?.labels?.version,
    },
    { name: 'web', owner: 'helm', status: 'deployed', version: '1' },
  );
  const rel = await releaseFromSecret(secret);
  assert.equal(rel.name, 'web');
  assert.equal(rel.version, 1);
  assert.equal(rel.info?.status, 'deployed');
  assert.equal(rel.chart?.metadata?.name, 'podinfo');
  assert.deepEqual(rel.config, { replicaCount: 2 });
  // `helm get manifest` prints the stored manifest followed by a newline
  assert.equal(`${rel.manifest}\n`, await helm('get', 'manifest', 'web', '--namespace', ns));
});

test('releases written by tsflux are listed, shown and rolled back by helm', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'helm-out');
  const chart = await loadChartFromDisk(podinfo);
  const revisions = [
    { revision: 1, config: { replicaCount: 1 }, status: 'superseded' },
    { revision: 2, config: { replicaCount: 3 }, status: 'deployed' },
  ];
  const manifests: string[] = [];
  for (const r of revisions) {
    const rendered = renderChart(chart, { releaseName: 'api', namespace: ns, values: r.config as never });
    const rel = releaseFromRender(rendered, {
      name: 'api',
      namespace: ns,
      revision: r.revision,
      config: r.config,
      status: r.status,
    });
    manifests.push(rel.manifest ?? '');
    await kube.create(secrets(ns), await releaseToSecret(rel, { modifiedAt: Math.floor(Date.now() / 1000) }));
  }

  const list = JSON.parse(await helm('list', '--namespace', ns, '-o', 'json')) as {
    name: string;
    revision: string;
    status: string;
    chart: string;
  }[];
  assert.equal(list.length, 1);
  assert.equal(list[0].name, 'api');
  assert.equal(list[0].revision, '2');
  assert.equal(list[0].status, 'deployed');
  assert.match(list[0].chart, /^podinfo-\d+\.\d+\.\d+/);

  const history = JSON.parse(await helm('history', 'api', '--namespace', ns, '-o', 'json')) as {
    revision: number;
    status: string;
  }[];
  assert.deepEqual(
    history.map((h) => [h.revision, h.status]),
    [
      [1, 'superseded'],
      [2, 'deployed'],
    ],
  );
  assert.equal(await helm('get', 'manifest', 'api', '--namespace', ns), `${manifests[1]}\n`);
  assert.deepEqual(JSON.parse(await helm('get', 'values', 'api', '--namespace', ns, '-o', 'json')), {
    replicaCount: 3,
  });

  // rolling back makes helm read revision 1 as tsflux wrote it and apply its manifest
  await helm('rollback', 'api', '1', '--namespace', ns);
  const third = await releaseFromSecret(
    await kube.get<KubeObject & { type: string; data: Record<string, string> }>(
      secrets(ns, releaseSecretName('api', 3)),
    ),
  );
  assert.equal(third.info?.status, 'deployed');
  assert.equal(third.manifest, manifests[0]);
  assert.deepEqual(third.config, { replicaCount: 1 });
});
