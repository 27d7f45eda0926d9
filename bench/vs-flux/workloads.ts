// The workloads both tools are given, in the shape of Flux's own scale tests: N Kustomizations
// (each with a source of its own, git or OCI) applying SCALE_TEST_APP, or N HelmReleases of podinfo
// from one OCI HelmRepository with the Deployment scaled to zero. The servers (git, OCI registry)
// are started once and shared by every run; each run has its own control plane.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { pushArtifact, RegistryClient } from '../../src/runtime/oci/index.ts';
import { helmBinary } from '../../src/toolchain/index.ts';
import { startGitHttpServer, startOciRegistry } from '../../test/servers/index.ts';
import { SCALE_TEST_APP } from '../support/scale-test-app.ts';
import { helmReleasePhases } from './phases.ts';

const run = promisify(execFile);
const PODINFO = '/work/shared/fixtures/charts/podinfo';

/** The controllers a workload needs, by tsflux's `--controllers` names (Flux's are `<name>-controller`). */
export type ControllerName = 'source' | 'kustomize' | 'helm';

/** A resource of the API, as KubeClient takes it. */
export interface Ref {
  group: string;
  version: string;
  resource: string;
  namespace: string;
}

/** One workload: what to create for object `i`, and which objects must become Ready. */
export interface Workload {
  name: string;
  /** The kind counted to Ready, plural, for the output. */
  counted: string;
  controllers: ControllerName[];
  /** Objects created once per run before the clock starts (the shared HelmRepository). */
  prepare(kube: KubeClient, namespace: string): Promise<void>;
  create(kube: KubeClient, namespace: string, i: number): Promise<void>;
  /** The objects counted to Ready. */
  ref(namespace: string): Ref;
  /** After a run: one line saying where the objects' time went, when the workload can tell. */
  phases?(kube: KubeClient, namespace: string): Promise<string>;
}

/** The servers the workloads read from, started once. */
export interface WorkloadServers {
  gitUrl: string;
  registryHost: string;
  stop(): Promise<void>;
}

/** Starts the git server (one repository holding the app), the registry (the app as an OCI artifact, and podinfo's chart). */
export async function startWorkloadServers(): Promise<WorkloadServers> {
  const git = await startGitHttpServer();
  await git.createRepository('app', { files: { 'app.yaml': SCALE_TEST_APP } });
  const registry = await startOciRegistry();
  const client = new RegistryClient(registry.host, { insecure: true });
  await pushArtifact(
    client,
    'bench/app',
    'latest',
    await createTarGz([{ path: 'app.yaml', data: Buffer.from(SCALE_TEST_APP) }]),
    { source: 'bench', revision: 'v1' },
  );
  // the chart is pushed with the real helm, as a chart publisher does
  const work = mkdtempSync(join(tmpdir(), 'tsflux-bench-chart-'));
  try {
    const helm = await helmBinary();
    const env = { PATH: process.env.PATH, HOME: work, HELM_CONFIG_HOME: join(work, 'config') };
    await run(helm, ['package', PODINFO, '--destination', work], { env });
    await run(
      helm,
      ['push', join(work, 'podinfo-6.14.1.tgz'), `oci://${registry.host}/charts`, '--plain-http'],
      {
        env,
      },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return {
    gitUrl: git.repoUrl('app'),
    registryHost: registry.host,
    async stop() {
      await git.stop();
      await registry.stop();
    },
  };
}

const source = (namespace: string, resource: string): Ref => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource,
  namespace,
});
const kustomizations = (namespace: string): Ref => ({
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'kustomizations',
  namespace,
});
const helmReleases = (namespace: string): Ref => ({
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  resource: 'helmreleases',
  namespace,
});

/** A Kustomization of the scale test, applying what its own source `app-<i>` holds. */
function kustomization(namespace: string, i: number, sourceKind: string): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: `app-${i}`, namespace },
    spec: {
      interval: '10m',
      sourceRef: { kind: sourceKind, name: `app-${i}` },
      path: './',
      prune: true,
      wait: true,
      timeout: '5m',
      nameSuffix: `-${i}`,
      targetNamespace: namespace,
    },
  };
}

/** The workloads by the names `--kinds` takes. */
export function workloads(servers: WorkloadServers): Map<string, Workload> {
  const list: Workload[] = [
    {
      name: 'kustomization',
      counted: 'Kustomizations (git sources)',
      controllers: ['source', 'kustomize'],
      prepare: async () => {},
      async create(kube, namespace, i) {
        await kube.create(source(namespace, 'gitrepositories'), {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name: `app-${i}`, namespace },
          spec: { url: servers.gitUrl, interval: '10m', ref: { branch: 'main' } },
        });
        await kube.create(kustomizations(namespace), kustomization(namespace, i, 'GitRepository'));
      },
      ref: kustomizations,
    },
    {
      name: 'kustomization-oci',
      counted: 'Kustomizations (OCI sources)',
      controllers: ['source', 'kustomize'],
      prepare: async () => {},
      async create(kube, namespace, i) {
        await kube.create(source(namespace, 'ocirepositories'), {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'OCIRepository',
          metadata: { name: `app-${i}`, namespace },
          spec: {
            url: `oci://${servers.registryHost}/bench/app`,
            insecure: true,
            interval: '10m',
            ref: { tag: 'latest' },
          },
        });
        await kube.create(kustomizations(namespace), kustomization(namespace, i, 'OCIRepository'));
      },
      ref: kustomizations,
    },
    {
      name: 'helmrelease',
      counted: 'HelmReleases (podinfo, one OCI HelmRepository)',
      controllers: ['source', 'helm'],
      async prepare(kube, namespace) {
        await kube.create(source(namespace, 'helmrepositories'), {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'HelmRepository',
          metadata: { name: 'podinfo', namespace },
          spec: { type: 'oci', url: `oci://${servers.registryHost}/charts`, insecure: true, interval: '10m' },
        });
      },
      async create(kube, namespace, i) {
        await kube.create(helmReleases(namespace), {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: { name: `podinfo-${i}`, namespace },
          spec: {
            interval: '10m',
            timeout: '5m',
            chart: {
              spec: {
                chart: 'podinfo',
                version: '*',
                interval: '10m',
                sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
              },
            },
            values: { replicaCount: 0 },
          },
        });
      },
      ref: helmReleases,
      phases: helmReleasePhases,
    },
  ];
  return new Map(list.map((w) => [w.name, w]));
}
