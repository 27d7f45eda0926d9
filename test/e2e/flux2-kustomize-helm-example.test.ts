// End to end: Flux's canonical fleet repository (../shared/fixtures/repos/flux2-kustomize-helm-example)
// pushed to a local git server, its remote chart URLs redirected to local servers (an OCI registry
// for the cert-manager and envoy-gateway charts, a Helm repository for podinfo), and tsflux's
// source and kustomize controllers pointed at clusters/staging as `flux bootstrap` would (a
// GitRepository and a Kustomization named flux-system). No helm controller exists yet, so the
// test plays its part for the HelmReleases (Ready through the status subresource, and the CRDs
// their charts would install), exactly as the kustomize tests write Deployment status for the
// kubelet that does not run here. Everything else is tsflux's own work, on a private control plane.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import {
  applyManifests,
  installManifests,
  type Manager,
  managerOptionsFromFlags,
  startManager,
} from '../../src/manager/index.ts';
import { KubeClient, type KubeObject, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { helmBinary } from '../../src/toolchain/index.ts';
import { startGitHttpServer, startHelmRepository, startOciRegistry } from '../../test/servers/index.ts';
import { eventually } from '../support/cluster.ts';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const example = fileURLToPath(
  new URL('../../../shared/fixtures/repos/flux2-kustomize-helm-example', import.meta.url),
);
const podinfoChart = fileURLToPath(new URL('../../../shared/fixtures/charts/podinfo', import.meta.url));

type Flux = KubeObject & {
  status?: {
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
};
const ready = (o: Flux) => o.status?.conditions?.find((c) => c.type === 'Ready');

/** Packages a copy of the podinfo chart under another name and version and pushes it with helm. */
async function pushChart(
  helm: string,
  work: string,
  registry: string,
  repo: string,
  name: string,
  version: string,
) {
  const dir = join(work, `chart-${name}`);
  cpSync(podinfoChart, dir, { recursive: true });
  const chartYaml = readFileSync(join(dir, 'Chart.yaml'), 'utf8')
    .replace(/^name: .*$/m, `name: ${name}`)
    .replace(/^version: .*$/m, `version: ${version}`);
  writeFileSync(join(dir, 'Chart.yaml'), chartYaml);
  const env = { ...process.env, HOME: work, HELM_CONFIG_HOME: join(work, '.helm') };
  await run(helm, ['package', dir, '-d', work], { env });
  await run(
    helm,
    ['push', join(work, `${name}-${version}.tgz`), `oci://${registry}/${repo}`, '--plain-http'],
    { env },
  );
}

test('flux2-kustomize-helm-example reconciles on tsflux (staging)', { timeout: 600_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'tsflux-e2e-'));
  // one clean-up, in reverse order of start: the control plane's pid files live in `work`
  const cleanups: (() => unknown)[] = [() => rmSync(work, { recursive: true, force: true })];
  const later = (f: () => unknown) => cleanups.unshift(f);
  t.after(async () => {
    for (const f of cleanups) await Promise.resolve(f()).catch((e: unknown) => console.error('cleanup:', e));
  });
  const state = await startControlPlane({ dir: join(work, 'cluster') });
  later(() => stopControlPlane(join(work, 'cluster'), { purge: true }));
  const kube = new KubeClient(loadKubeconfig(state.kubeconfig));
  later(() => kube.close());

  // the remote servers, on loopback
  const registry = await startOciRegistry();
  later(() => registry.stop());
  const helm = await helmBinary();
  await pushChart(helm, work, registry.host, 'jetstack/charts', 'cert-manager', '1.16.2');
  await pushChart(helm, work, registry.host, 'envoyproxy', 'gateway-helm', '1.8.0');
  const helmRepo = await startHelmRepository({ charts: [podinfoChart] });
  later(() => helmRepo.stop());
  const git = await startGitHttpServer();
  later(() => git.stop());

  // the repository as it is, remote URLs redirected
  const checkout = join(work, 'repo');
  cpSync(example, checkout, { recursive: true });
  const redirect = (file: string, from: string, to: string) => {
    const path = join(checkout, file);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.includes(from), `${file} mentions ${from}`);
    writeFileSync(path, text.replace(from, to));
  };
  redirect(
    'infrastructure/controllers/cert-manager.yaml',
    'oci://quay.io/jetstack/charts/cert-manager',
    `oci://${registry.host}/jetstack/charts/cert-manager`,
  );
  redirect(
    'infrastructure/controllers/envoy-gateway.yaml',
    'oci://docker.io/envoyproxy/gateway-helm',
    `oci://${registry.host}/envoyproxy/gateway-helm`,
  );
  redirect('apps/base/podinfo/repository.yaml', 'https://stefanprodan.github.io/podinfo', helmRepo.url);
  await git.createRepository('fleet', { fromDir: checkout });

  await applyManifests(kube, installManifests({ crdsOnly: true }), { fieldManager: 'e2e' });
  const options = managerOptionsFromFlags(
    {
      controllers: 'source,kustomize',
      'metrics-addr': '127.0.0.1:0',
      'health-addr': '127.0.0.1:0',
      'webhook-addr': '',
      'storage-addr': '127.0.0.1:0',
      'storage-path': join(work, 'storage'),
      // as the example's own flux-system patch sets it
      'requeue-dependency': '5s',
      'log-level': 'error',
    },
    ['source', 'kustomize'],
  );
  const manager: Manager = await startManager(kube, options);
  later(() => manager.stop());

  // what `flux bootstrap` writes in gotk-sync.yaml
  const ks = {
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'kustomizations',
    namespace: 'flux-system',
  };
  await kube.create(
    {
      group: 'source.toolkit.fluxcd.io',
      version: 'v1',
      resource: 'gitrepositories',
      namespace: 'flux-system',
    },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: { interval: '1m', url: git.repoUrl('fleet'), ref: { branch: 'main' } },
    },
  );
  await kube.create(ks, {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'flux-system', namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path: './clusters/staging',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    },
  });
  const get = (
    resource: string,
    namespace: string | undefined,
    name: string,
    group = 'kustomize.toolkit.fluxcd.io',
    version = 'v1',
  ) => kube.get<Flux>({ group, version, resource, namespace, name });
  const readyTrue = async (resource: string, namespace: string, name: string, group?: string) => {
    const o = await get(resource, namespace, name, group);
    assert.equal(ready(o)?.status, 'True', `${resource} ${namespace}/${name}: ${JSON.stringify(ready(o))}`);
  };

  await eventually(() => readyTrue('kustomizations', 'flux-system', 'flux-system'), {
    timeoutMs: 120_000,
    what: 'flux-system Ready',
  });
  for (const name of ['infrastructure', 'apps'])
    await eventually(() => readyTrue('externalartifacts', 'flux-system', name, 'source.toolkit.fluxcd.io'), {
      timeoutMs: 120_000,
      what: `ExternalArtifact ${name}`,
    });

  // infra-controllers applies its objects and waits on the HelmReleases, which no controller serves
  for (const [ns, name] of [
    ['cert-manager', 'cert-manager'],
    ['envoy-gateway-system', 'gateway-helm'],
  ])
    await eventually(() => readyTrue('ocirepositories', ns, name, 'source.toolkit.fluxcd.io'), {
      timeoutMs: 120_000,
      what: `OCIRepository ${ns}/${name}`,
    });
  const infraControllers = await eventually(
    async () => {
      const o = await get('kustomizations', 'flux-system', 'infra-controllers');
      const healthy = o.status?.conditions?.find((c) => c.type === 'Healthy');
      assert.ok(healthy && healthy.status !== 'True', JSON.stringify(o.status?.conditions));
      return o;
    },
    { timeoutMs: 120_000, what: 'infra-controllers running health checks' },
  );
  const healthy = infraControllers.status?.conditions?.find((c) => c.type === 'Healthy');
  assert.match(
    healthy?.message ?? '',
    /Running health checks for revision latest@sha256:[0-9a-f]{64} with a timeout of 5m0s/,
  );
  await eventually(
    async () => {
      const o = await get('kustomizations', 'flux-system', 'infra-configs');
      assert.equal(ready(o)?.reason, 'DependencyNotReady');
      assert.match(ready(o)?.message ?? '', /dependency 'flux-system\/infra-controllers' is not ready/);
    },
    { timeoutMs: 60_000, what: 'infra-configs waiting' },
  );

  const getKs = spawnSync(process.execPath, [main, 'get', 'ks', '-A', '--kubeconfig', state.kubeconfig], {
    encoding: 'utf8',
  });
  assert.equal(getKs.status, 0, getKs.stderr);
  // NAMESPACE NAME REVISION SUSPENDED READY MESSAGE
  assert.match(
    getKs.stdout,
    /flux-system\s+flux-system\s+main@sha1:[0-9a-f]{40}\s+False\s+True\s+Applied revision/,
  );
  assert.match(getKs.stdout, /infra-controllers\s+False\s+Unknown\s+Running health checks/);
  assert.match(getKs.stdout, /infra-configs.*dependency 'flux-system\/infra-controllers' is not ready/);

  // now play the helm controller: the CRDs its charts install, and the releases Ready
  await applyManifests(kube, chartCrds(), { fieldManager: 'e2e-helm' });
  const markReleaseReady = async (namespace: string, name: string) => {
    const hr = await get('helmreleases', namespace, name, 'helm.toolkit.fluxcd.io', 'v2');
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await kube.mergePatch(
      {
        group: 'helm.toolkit.fluxcd.io',
        version: 'v2',
        resource: 'helmreleases',
        namespace,
        name,
        subresource: 'status',
      },
      {
        status: {
          observedGeneration: hr.metadata?.generation,
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'InstallSucceeded',
              message: 'played by the e2e test',
              lastTransitionTime: now,
              observedGeneration: hr.metadata?.generation,
            },
          ],
        },
      },
    );
  };
  await markReleaseReady('cert-manager', 'cert-manager');
  await markReleaseReady('envoy-gateway-system', 'envoy-gateway');
  await eventually(() => readyTrue('kustomizations', 'flux-system', 'infra-controllers'), {
    timeoutMs: 120_000,
    what: 'infra-controllers Ready',
  });
  await eventually(() => readyTrue('kustomizations', 'flux-system', 'infra-configs'), {
    timeoutMs: 120_000,
    what: 'infra-configs Ready',
  });
  const issuer = await kube.get<KubeObject & { spec: { acme: { server: string } } }>({
    group: 'cert-manager.io',
    version: 'v1',
    resource: 'clusterissuers',
    name: 'letsencrypt',
  });
  assert.equal(
    issuer.spec.acme.server,
    'https://acme-staging-v02.api.letsencrypt.org/directory',
    'the staging patch applied',
  );

  // apps: the podinfo namespace, its HelmRepository (Ready from the local Helm repository) and release
  await eventually(() => readyTrue('helmrepositories', 'podinfo', 'podinfo', 'source.toolkit.fluxcd.io'), {
    timeoutMs: 120_000,
    what: 'HelmRepository podinfo',
  });
  const release = await eventually(
    () => get('helmreleases', 'podinfo', 'podinfo', 'helm.toolkit.fluxcd.io', 'v2'),
    {
      timeoutMs: 60_000,
    },
  );
  assert.equal(
    (release.spec as { chart: { spec: { version: string } } }).chart.spec.version,
    '>=1.0.0-alpha',
    'the staging values patch applied',
  );
  await markReleaseReady('podinfo', 'podinfo');
  await eventually(() => readyTrue('kustomizations', 'flux-system', 'apps'), {
    timeoutMs: 120_000,
    what: 'apps Ready',
  });
  const ns = await kube.get({ version: 'v1', resource: 'namespaces', name: 'podinfo' });
  assert.equal(ns.metadata?.labels?.['toolkit.fluxcd.io/tenant'], 'dev-team');
  assert.equal(ns.metadata?.labels?.['kustomize.toolkit.fluxcd.io/name'], 'apps');

  const all = spawnSync(process.execPath, [main, 'get', 'ks', '-A', '--kubeconfig', state.kubeconfig], {
    encoding: 'utf8',
  });
  const generators = spawnSync(
    process.execPath,
    [main, 'get', 'artifact', 'generators', '-A', '--kubeconfig', state.kubeconfig],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(generators.status, 0, generators.stderr);
  assert.match(generators.stdout, /flux-system\s+flux-system\s+True/);
  for (const name of ['flux-system', 'infra-controllers', 'infra-configs', 'apps'])
    assert.match(
      all.stdout,
      new RegExp(`flux-system\\s+${name}\\s+\\S+\\s+False\\s+True\\s+Applied revision`),
      all.stdout,
    );
});

/** The minimal CRDs the cert-manager and envoy-gateway charts would install, for infra-configs. */
function chartCrds(): KubeObject[] {
  const crd = (group: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced'): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      // *.k8s.io groups are protected: the real Gateway API CRDs carry this approval
      ...(group.endsWith('.k8s.io')
        ? {
            annotations: {
              'api-approved.kubernetes.io': 'https://github.com/kubernetes-sigs/gateway-api/pull/2466',
            },
          }
        : {}),
    },
    spec: {
      group,
      scope,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  return [
    crd('cert-manager.io', 'ClusterIssuer', 'clusterissuers', 'Cluster'),
    crd('gateway.networking.k8s.io', 'GatewayClass', 'gatewayclasses', 'Cluster'),
    crd('gateway.networking.k8s.io', 'Gateway', 'gateways', 'Namespaced'),
  ];
}
