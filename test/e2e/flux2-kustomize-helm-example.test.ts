// End to end: Flux's canonical fleet repository (../shared/fixtures/repos/flux2-kustomize-helm-example)
// pushed to a local git server, its remote chart URLs redirected to local servers (an OCI registry
// for the cert-manager and envoy-gateway charts, a Helm repository for podinfo), and tsflux's
// source, kustomize and helm controllers pointed at clusters/staging as `flux bootstrap` would (a
// GitRepository and a Kustomization named flux-system), on the workload cluster where Pods become
// Ready. The two infrastructure charts are small stand-ins with the real names and versions: each
// installs the CRDs infra-configs needs (cert-manager's ClusterIssuer from a template behind
// `crds.enabled`, as the real chart has it; the Gateway API kinds from `crds/`, as gateway-helm ships
// them) and a Deployment to wait for. Every HelmRelease is installed by tsflux's helm controller and
// every Kustomization becomes Ready; no test code plays a controller.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  applyManifests,
  installManifests,
  type Manager,
  managerOptionsFromFlags,
  startManager,
} from '../../src/manager/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { helmBinary } from '../../src/toolchain/index.ts';
import { startGitHttpServer, startHelmRepository, startOciRegistry } from '../../test/servers/index.ts';
import { runCli } from '../support/cli.ts';
import { eventually, testWorkloadClient, testWorkloadKubeconfig } from '../support/cluster.ts';

const run = promisify(execFile);
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

/** Runs the CLI against the workload cluster (the manager runs in this process). */
const cli = (...args: string[]) => runCli(testWorkloadKubeconfig(), ...args);

/** A minimal CRD of a cluster add-on, in YAML (*.k8s.io groups need the API approval annotation). */
function crdYaml(group: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced'): string {
  const approval = group.endsWith('.k8s.io')
    ? '  annotations:\n    api-approved.kubernetes.io: https://github.com/kubernetes-sigs/gateway-api/pull/2466\n'
    : '';
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
${approval}spec:
  group: ${group}
  scope: ${scope}
  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List}
  versions:
    - name: v1
      served: true
      storage: true
      subresources: {status: {}}
      schema:
        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;
}

/** A Deployment template of an add-on chart: what its HelmRelease waits for. */
const deploymentTemplate = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: 1
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
    spec:
      containers:
        - name: controller
          image: ${image}
`;

/**
 * Writes a stand-in chart (Chart.yaml, files given by path), packages it and pushes it to the
 * registry with the real helm, as the charts' publishers do.
 */
async function pushChart(
  helm: string,
  work: string,
  target: string,
  chart: { name: string; version: string; files: Record<string, string> },
) {
  const dir = join(work, `chart-${chart.name}`);
  for (const [path, text] of Object.entries({
    'Chart.yaml': `apiVersion: v2\nname: ${chart.name}\nversion: ${chart.version}\nappVersion: v${chart.version}\n`,
    ...chart.files,
  })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const env = { ...process.env, HOME: work, HELM_CONFIG_HOME: join(work, '.helm') };
  await run(helm, ['package', dir, '-d', work], { env });
  await run(helm, ['push', join(work, `${chart.name}-${chart.version}.tgz`), target, '--plain-http'], {
    env,
  });
}

test('flux2-kustomize-helm-example reconciles on tsflux (staging)', { timeout: 600_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'tsflux-e2e-'));
  // one clean-up, in reverse order of start
  const cleanups: (() => unknown)[] = [() => rmSync(work, { recursive: true, force: true })];
  const later = (f: () => unknown) => cleanups.unshift(f);
  t.after(async () => {
    for (const f of cleanups) await Promise.resolve(f()).catch((e: unknown) => console.error('cleanup:', e));
  });
  const kube = testWorkloadClient(t);

  // the remote servers, on loopback
  const registry = await startOciRegistry();
  later(() => registry.stop());
  const helm = await helmBinary();
  await pushChart(helm, work, `oci://${registry.host}/jetstack/charts`, {
    name: 'cert-manager',
    version: '1.16.2',
    files: {
      'values.yaml': 'crds:\n  enabled: false\n  keep: true\n',
      'templates/crds.yaml': `{{- if .Values.crds.enabled }}\n${crdYaml('cert-manager.io', 'ClusterIssuer', 'clusterissuers', 'Cluster')}{{- end }}\n`,
      'templates/deployment.yaml': deploymentTemplate('quay.io/jetstack/cert-manager-controller:v1.16.2'),
    },
  });
  await pushChart(helm, work, `oci://${registry.host}/envoyproxy`, {
    name: 'gateway-helm',
    version: '1.8.0',
    files: {
      'crds/gatewayapi-crds.yaml': [
        crdYaml('gateway.networking.k8s.io', 'GatewayClass', 'gatewayclasses', 'Cluster'),
        crdYaml('gateway.networking.k8s.io', 'Gateway', 'gateways', 'Namespaced'),
        crdYaml('gateway.networking.k8s.io', 'HTTPRoute', 'httproutes', 'Namespaced'),
      ].join('---\n'),
      'templates/deployment.yaml': deploymentTemplate('docker.io/envoyproxy/gateway:v1.8.0'),
    },
  });
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
      controllers: 'source,kustomize,helm',
      'metrics-addr': '127.0.0.1:0',
      'health-addr': '127.0.0.1:0',
      'webhook-addr': '',
      'storage-addr': '127.0.0.1:0',
      'storage-path': join(work, 'storage'),
      // as the example's own flux-system patch sets it
      'requeue-dependency': '5s',
      'log-level': 'error',
    },
    ['source', 'kustomize', 'helm'],
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

  // infra-controllers: the OCI chart sources, then both releases installed by the helm controller
  for (const [ns, name] of [
    ['cert-manager', 'cert-manager'],
    ['envoy-gateway-system', 'gateway-helm'],
  ])
    await eventually(() => readyTrue('ocirepositories', ns, name, 'source.toolkit.fluxcd.io'), {
      timeoutMs: 120_000,
      what: `OCIRepository ${ns}/${name}`,
    });
  const hrReady = (namespace: string, name: string) =>
    eventually(
      async () => {
        const o = await get('helmreleases', namespace, name, 'helm.toolkit.fluxcd.io', 'v2');
        assert.equal(
          ready(o)?.status,
          'True',
          `HelmRelease ${namespace}/${name}: ${JSON.stringify(o.status)}`,
        );
        return o;
      },
      { timeoutMs: 180_000, what: `HelmRelease ${namespace}/${name} Ready` },
    );
  const certManager = await hrReady('cert-manager', 'cert-manager');
  assert.match(
    ready(certManager)?.message ?? '',
    /^Helm install succeeded for release cert-manager\/cert-manager\.v1 with chart cert-manager@1\.16\.2/,
  );
  const envoy = await hrReady('envoy-gateway-system', 'envoy-gateway');
  assert.match(ready(envoy)?.message ?? '', /with chart gateway-helm@1\.8\.0/);
  const deployment = (namespace: string, name: string) =>
    kube.get<KubeObject & { status?: { readyReplicas?: number } }>({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      namespace,
      name,
    });
  assert.equal((await deployment('cert-manager', 'cert-manager')).status?.readyReplicas, 1, 'Pods run here');
  await eventually(() => readyTrue('kustomizations', 'flux-system', 'infra-controllers'), {
    timeoutMs: 180_000,
    what: 'infra-controllers Ready',
  });

  // infra-configs: the ClusterIssuer and the Gateway, of the kinds the charts' CRDs defined
  await eventually(() => readyTrue('kustomizations', 'flux-system', 'infra-configs'), {
    timeoutMs: 180_000,
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

  // apps: the podinfo namespace, its HelmRepository and release (the staging values patch applied)
  await eventually(() => readyTrue('helmrepositories', 'podinfo', 'podinfo', 'source.toolkit.fluxcd.io'), {
    timeoutMs: 120_000,
    what: 'HelmRepository podinfo',
  });
  const podinfo = await hrReady('podinfo', 'podinfo');
  assert.equal(
    (podinfo.spec as { chart: { spec: { version: string } } }).chart.spec.version,
    '>=1.0.0-alpha',
    'the staging values patch applied',
  );
  assert.match(ready(podinfo)?.message ?? '', /with chart podinfo@6\.14\.1/);
  const route = await kube.get<KubeObject & { spec: { hostnames: string[] } }>({
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    resource: 'httproutes',
    namespace: 'podinfo',
    name: 'podinfo',
  });
  assert.deepEqual(route.spec.hostnames, ['podinfo.staging'], 'the staging values reached the chart');
  assert.equal((await deployment('podinfo', 'podinfo-redis')).status?.readyReplicas, 1);
  await eventually(() => readyTrue('kustomizations', 'flux-system', 'apps'), {
    timeoutMs: 180_000,
    what: 'apps Ready',
  });
  const ns = await kube.get({ version: 'v1', resource: 'namespaces', name: 'podinfo' });
  assert.equal(ns.metadata?.labels?.['toolkit.fluxcd.io/tenant'], 'dev-team');
  assert.equal(ns.metadata?.labels?.['kustomize.toolkit.fluxcd.io/name'], 'apps');

  // the CLI's view of it all
  const all = await cli('get', 'ks', '-A');
  assert.equal(all.status, 0, all.stderr);
  assert.match(
    all.stdout,
    /flux-system\s+flux-system\s+main@sha1:[0-9a-f]{40}\s+False\s+True\s+Applied revision/,
  );
  for (const name of ['flux-system', 'infra-controllers', 'infra-configs', 'apps'])
    assert.match(
      all.stdout,
      new RegExp(`flux-system\\s+${name}\\s+\\S+\\s+False\\s+True\\s+Applied revision`),
      all.stdout,
    );
  const releases = await cli('get', 'hr', '-A');
  assert.equal(releases.status, 0, releases.stderr);
  for (const [namespace, name, version] of [
    ['cert-manager', 'cert-manager', '1.16.2'],
    ['envoy-gateway-system', 'envoy-gateway', '1.8.0'],
    ['podinfo', 'podinfo', '6.14.1'],
  ])
    assert.match(
      releases.stdout,
      new RegExp(
        `${namespace}\\s+${name}\\s+${version.replaceAll('.', '\\.')}\\s+False\\s+True\\s+Helm install succeeded`,
      ),
      releases.stdout,
    );
  const generators = await cli('get', 'artifact', 'generators', '-A');
  assert.equal(generators.status, 0, generators.stderr);
  assert.match(generators.stdout, /flux-system\s+flux-system\s+True/);
  const tree = await cli('tree', 'ks', 'flux-system', '-n', 'flux-system');
  assert.equal(tree.status, 0, tree.stderr);
  assert.match(
    tree.stdout,
    /HelmRelease\/podinfo\/podinfo\n.*Deployment\/podinfo\/podinfo\n/s,
    'releases expanded',
  );
});
