// The CLI's HelmRelease verbs against the real source and helm controllers on the workload cluster
// (a tsflux manager scoped to the test's namespace, so its heartbeat tells the CLI a controller
// runs): get (Flux's columns), reconcile with --force, --reset and --with-source (the annotations
// written, the wait on the controller), suspend and resume, export, tree, events --for, build
// (offline and with the live valuesFrom), diff (nothing, then a drifted Deployment: exit 1) and
// delete. podinfo comes from a local Helm repository.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  ForceRequestAnnotation,
  ReconcileRequestAnnotation,
  ResetRequestAnnotation,
} from '../../src/api/index.ts';
import { managerOptionsFromFlags, startManager } from '../../src/manager/index.ts';
import { isNotFound, type KubeObject } from '../../src/runtime/kube/index.ts';
import { startHelmRepository } from '../servers/index.ts';
import { runCli } from '../support/cli.ts';
import { eventually, testNamespace, testWorkloadClient, testWorkloadKubeconfig } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

const PODINFO = fileURLToPath(new URL('../../../shared/fixtures/charts/podinfo', import.meta.url));

type Obj = KubeObject & { spec?: any; status?: any };

/** Runs the CLI against the workload cluster (the manager runs in this process). */
const cli = (...args: string[]) => runCli(testWorkloadKubeconfig(), ...args);

const hrRef = (namespace: string, name?: string) => ({
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  resource: 'helmreleases',
  namespace,
  name,
});
const chartRef = (namespace: string, name: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'helmcharts',
  namespace,
  name,
});
const deployRef = (namespace: string, name: string) => ({
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespace,
  name,
});

test('HelmRelease verbs: get, reconcile --force/--reset/--with-source, suspend, resume, export, tree, events, build, diff, delete', {
  timeout: 600_000,
}, async (t) => {
  const kube = testWorkloadClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'cli-hr');
  const work = mkdtempSync(join(tmpdir(), 'tsflux-cli-helm-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const repo = await startHelmRepository({ charts: [PODINFO] });
  t.after(() => repo.stop());
  const manager = await startManager(
    kube,
    managerOptionsFromFlags(
      {
        controllers: 'source,helm',
        namespace: ns,
        'watch-all-namespaces': false,
        'metrics-addr': '127.0.0.1:0',
        'health-addr': '127.0.0.1:0',
        'webhook-addr': '',
        'storage-addr': '127.0.0.1:0',
        'storage-path': join(work, 'storage'),
        'log-level': 'error',
      },
      ['source', 'helm'],
    ),
  );
  t.after(() => manager.stop());

  await kube.create(
    { version: 'v1', resource: 'configmaps', namespace: ns },
    {
      metadata: { name: 'podinfo-values', labels: { 'reconcile.fluxcd.io/watch': 'Enabled' } },
      data: { 'values.yaml': 'ui:\n  message: from-configmap\n' },
    },
  );
  await kube.create(
    { group: 'source.toolkit.fluxcd.io', version: 'v1', resource: 'helmrepositories', namespace: ns },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'charts' },
      spec: { url: repo.url, interval: '10m' },
    },
  );
  await kube.create(hrRef(ns), {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'podinfo' },
    spec: {
      interval: '10m',
      chart: {
        spec: { chart: 'podinfo', version: '6.14.1', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
      },
      valuesFrom: [{ kind: 'ConfigMap', name: 'podinfo-values' }],
      values: { replicaCount: 1 },
    },
  });
  await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'podinfo'));
      assert.equal(o.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status, 'True');
    },
    { timeoutMs: 120_000, what: 'podinfo installed' },
  );

  // get: Flux's columns, the revision is the chart version of the release
  let out = await cli('get', 'hr', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^NAME\s+REVISION\s+SUSPENDED\s+READY\s+MESSAGE\n/);
  assert.match(
    out.stdout,
    /\npodinfo\s+6\.14\.1\s+False\s+True\s+Helm install succeeded for release \S+\/podinfo\.v1/,
  );
  out = await cli('get', 'helmreleases', '-A');
  assert.match(out.stdout, /^NAMESPACE\s+NAME\s+REVISION/);
  assert.match(out.stdout, new RegExp(`\\n${ns}\\s+podinfo\\s+6\\.14\\.1\\s+False\\s+True`));

  // reconcile --force: forceAt carries the requestedAt token; the CLI waits for the controller
  out = await cli('reconcile', 'hr', 'podinfo', '-n', ns, '--force', '--timeout', '2m');
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stderr, /► annotating HelmRelease podinfo in \S+ namespace\n/);
  let hr = await kube.get<Obj>(hrRef(ns, 'podinfo'));
  const forced = hr.metadata?.annotations?.[ReconcileRequestAnnotation];
  assert.ok(forced);
  assert.equal(hr.metadata?.annotations?.[ForceRequestAnnotation], forced);
  assert.equal(hr.status?.lastHandledReconcileAt, forced);

  // --reset: resetAt with the new token, forceAt left as it was
  out = await cli('reconcile', 'helmrelease', 'podinfo', '-n', ns, '--reset', '--timeout', '2m');
  assert.equal(out.status, 0, out.stderr);
  hr = await kube.get<Obj>(hrRef(ns, 'podinfo'));
  const reset = hr.metadata?.annotations?.[ReconcileRequestAnnotation];
  assert.notEqual(reset, forced);
  assert.equal(hr.metadata?.annotations?.[ResetRequestAnnotation], reset);
  assert.equal(hr.metadata?.annotations?.[ForceRequestAnnotation], forced);

  // --with-source reconciles the HelmChart the release's template made, then the release
  out = await cli('reconcile', 'hr', 'podinfo', '-n', ns, '--with-source', '--timeout', '2m');
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stderr, new RegExp(`annotating HelmChart ${ns}-podinfo in ${ns} namespace`));
  const chart = await kube.get<Obj>(chartRef(ns, `${ns}-podinfo`));
  assert.ok(chart.metadata?.annotations?.[ReconcileRequestAnnotation]);

  // --force is a HelmRelease flag
  out = await cli('reconcile', 'source', 'helm', 'charts', '-n', ns, '--force');
  assert.equal(out.status, 2);
  assert.match(out.stderr, /error: --force applies only to HelmRelease/);

  // events of the release, by kind and name
  out = await cli('events', '--for', 'HelmRelease/podinfo', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /\bInstallSucceeded\s+HelmRelease\/podinfo\s+Helm install succeeded/);
  assert.doesNotMatch(out.stdout, /HelmChart\//);

  // tree: what the release installed
  out = await cli('tree', 'hr', 'podinfo', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, new RegExp(`^HelmRelease/${ns}/podinfo\\n`));
  assert.match(out.stdout, new RegExp(`Deployment/${ns}/podinfo\\n`));
  assert.match(out.stdout, new RegExp(`Service/${ns}/podinfo\\n`));

  // export: the object as it would be applied again, no status
  out = await cli('export', 'hr', 'podinfo', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  const exported = parse(out.stdout);
  assert.equal(exported.kind, 'HelmRelease');
  assert.equal(exported.spec.chart.spec.version, '6.14.1');
  assert.equal(exported.status, undefined);

  // build: the live valuesFrom merged, spec.values over a --values file
  const valuesFile = join(work, 'values.yaml');
  writeFileSync(valuesFile, 'replicaCount: 4\nui:\n  color: "#123456"\n');
  out = await cli('build', 'hr', 'podinfo', '-n', ns, '--chart', PODINFO, '-f', valuesFile);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /# Source: podinfo\/templates\/deployment\.yaml\n/);
  assert.match(out.stdout, /\n {2}replicas: 1\n/);
  assert.match(out.stdout, /PODINFO_UI_MESSAGE\n\s+value: "from-configmap"/);
  assert.match(out.stdout, /PODINFO_UI_COLOR\n\s+value: "#123456"/);
  // offline: from a file, no cluster, so no valuesFrom
  const hrFile = join(work, 'hr.yaml');
  writeFileSync(
    hrFile,
    'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\n' +
      'spec:\n  targetNamespace: prod\n  values:\n    replicaCount: 2\n',
  );
  out = await cli('build', 'hr', 'web', '--dry-run', '--helmrelease-file', hrFile, '--chart', PODINFO);
  assert.equal(out.status, 0, out.stderr);
  assert.match(
    out.stdout,
    /\n {2}name: prod-web-podinfo\n {2}namespace: prod\n/,
    'release name composed as Flux does',
  );
  assert.match(out.stdout, /\n {2}replicas: 2\n/);
  out = await cli('build', 'hr', 'web', '--dry-run', '--helmrelease-file', hrFile);
  assert.equal(out.status, 2);
  assert.match(out.stderr, /error: --dry-run needs --chart/);

  // diff: the release as installed (chart from its HelmChart artifact), then a drifted Deployment
  out = await cli('diff', 'hr', 'podinfo', '-n', ns);
  assert.equal(out.status, 0, `${out.stdout}${out.stderr}`);
  assert.equal(out.stdout, '');
  await kube.mergePatch(deployRef(ns, 'podinfo'), { spec: { replicas: 2 } });
  out = await cli('diff', 'hr', 'podinfo', '-n', ns, '--chart', PODINFO);
  assert.equal(out.status, 1, out.stderr);
  assert.match(out.stdout, new RegExp(`► Deployment/${ns}/podinfo drifted\\n`));
  assert.match(out.stdout, /\n- {2}replicas: 2\n\+ {2}replicas: 1\n/);

  // suspend: the column says so, reconcile refuses; resume waits for the release again
  out = await cli('suspend', 'hr', 'podinfo', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  out = await cli('get', 'hr', 'podinfo', '-n', ns);
  assert.match(out.stdout, /\npodinfo\s+6\.14\.1\s+True\s+True/);
  out = await cli('reconcile', 'hr', 'podinfo', '-n', ns);
  assert.equal(out.status, 1);
  assert.match(out.stderr, /is suspended; run 'tsflux resume helmrelease podinfo' first/);
  out = await cli('resume', 'hr', 'podinfo', '-n', ns, '--timeout', '2m');
  assert.equal(out.status, 0, out.stderr);
  assert.equal((await kube.get<Obj>(hrRef(ns, 'podinfo'))).spec.suspend, false);

  // delete: the release is uninstalled with it
  out = await cli('delete', 'hr', 'podinfo', '-n', ns, '--silent');
  assert.equal(out.status, 0, out.stderr);
  await eventually(
    async () => {
      for (const ref of [hrRef(ns, 'podinfo'), deployRef(ns, 'podinfo')]) {
        const gone = await kube.get(ref).then(
          () => false,
          (e: unknown) => isNotFound(e),
        );
        assert.ok(gone, `${ref.resource} podinfo still there`);
      }
    },
    { timeoutMs: 60_000, what: 'release uninstalled' },
  );
});
