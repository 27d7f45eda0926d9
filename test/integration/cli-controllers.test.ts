// Which controllers run, as the CLI sees it (issue 17, items 1 and 2): the manager keeps a
// heartbeat Lease per controller; `check` lists them, and `reconcile`/`get` of a kind no
// controller handles say so at once instead of waiting out their timeout.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ReconcileRequestAnnotation } from '../../src/api/index.ts';
import { managerOptionsFromFlags, startManager, writeHeartbeat } from '../../src/manager/index.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// spawnSync's timeout is far below the commands' own 5m: a command that waits fails the test
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [main, ...args, '--kubeconfig', testKubeconfig()], {
    encoding: 'utf8',
    timeout: 60_000,
  });
const ref = (group: string, resource: string, namespace: string, name?: string) => ({
  group,
  version: 'v1',
  resource,
  namespace,
  name,
});

test('reconcile and get of a kind no controller handles say so at once', { timeout: 120_000 }, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'nocontroller');
  await kube.create(
    { ...ref('helm.toolkit.fluxcd.io', 'helmreleases', ns), version: 'v2' },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo' },
      spec: {
        interval: '5m',
        chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } },
      },
    },
  );
  const reconcile = cli('reconcile', 'hr', 'podinfo', '-n', ns);
  assert.equal(reconcile.status, 1, reconcile.stderr);
  assert.match(
    reconcile.stderr,
    // no manager watches this namespace (another file's may run, watching its own namespace)
    /error: no controller handles HelmRelease: (tsflux is not running|the helm controller is not running)/,
  );
  const get = cli('get', 'hr', '-n', ns);
  assert.equal(get.status, 0, get.stderr);
  assert.match(get.stdout, /\npodinfo\s+False\s+Unknown\s+no controller handles HelmRelease: /);
  assert.match(
    get.stderr,
    /✗ no controller handles HelmRelease: (tsflux is not running|the helm controller)/,
  );
});

test('check lists each controller and whether it runs, from the heartbeats the manager keeps', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'heartbeat');
  const storage = mkdtempSync(join(tmpdir(), 'tsflux-heartbeat-'));
  t.after(() => rmSync(storage, { recursive: true, force: true }));
  const manager = await startManager(
    kube,
    managerOptionsFromFlags(
      {
        controllers: 'source',
        namespace: ns,
        'watch-all-namespaces': false,
        'metrics-addr': '127.0.0.1:0',
        'health-addr': '127.0.0.1:0',
        'webhook-addr': '',
        'storage-addr': '127.0.0.1:0',
        'storage-path': storage,
        'log-level': 'error',
      },
      ['source', 'kustomize'],
    ),
  );
  let stopped = false;
  t.after(async () => {
    if (!stopped) await manager.stop();
  });
  const heartbeat = ref('coordination.k8s.io', 'leases', ns, 'tsflux-controller-source');
  await eventually(() => kube.get(heartbeat), { what: 'the source controller heartbeat' });
  // check reads the managers of its namespace, as flux check does
  const check = cli('check', '-n', ns);
  assert.match(check.stdout + check.stderr, new RegExp(`✔ source-controller: running \\(\\S+ in ${ns}\\)`));
  assert.match(check.stderr, /✗ helm-controller: not running; no controller handles HelmRelease\n/);
  assert.match(
    check.stderr,
    /✗ notification-controller: not running; no controller handles Alert, Provider, Receiver\n/,
  );
  // a stopped manager takes its heartbeat with it
  await manager.stop();
  stopped = true;
  await assert.rejects(kube.get(heartbeat), /not found/i);
});

test('reconcile of a failing object returns as soon as the request is handled, with the reason', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'failing');
  // this test plays the source controller: its heartbeat, then the status a failing fetch writes
  await writeHeartbeat(kube, ns, 'source', 'cli-controllers-test');
  const repo = ref('source.toolkit.fluxcd.io', 'gitrepositories', ns, 'broken');
  await kube.create(
    { ...repo, name: undefined },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'broken' },
      spec: { interval: '1m', url: 'https://example.invalid/broken', ref: { branch: 'main' } },
    },
  );
  const child = spawn(process.execPath, [
    main,
    ...['reconcile', 'source', 'git', 'broken', '-n', ns, '--kubeconfig', testKubeconfig()],
  ]);
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const exited = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  t.after(() => child.kill('SIGKILL'));
  const token = await eventually(
    async () => {
      const v = (await kube.get(repo)).metadata?.annotations?.[ReconcileRequestAnnotation];
      assert.ok(v && stderr.includes('waiting for GitRepository reconciliation'), 'not requested yet');
      return v;
    },
    { what: 'reconcile requested' },
  );
  const generation = (await kube.get(repo)).metadata?.generation;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const message =
    "failed to checkout and determine revision: unable to clone 'https://example.invalid/broken'";
  await kube.mergePatch(
    { ...repo, subresource: 'status' },
    {
      status: {
        lastHandledReconcileAt: token,
        conditions: [
          {
            type: 'Reconciling',
            status: 'True',
            reason: 'ProgressingWithRetry',
            message,
            lastTransitionTime: now,
            observedGeneration: generation,
          },
          {
            type: 'Ready',
            status: 'False',
            reason: 'GitOperationFailed',
            message,
            lastTransitionTime: now,
            observedGeneration: generation,
          },
        ],
      },
    },
  );
  // the command's timeout is 5m: exiting here at all is what proves it does not wait it out
  assert.equal(await exited, 1);
  assert.match(
    stderr,
    new RegExp(`error: GitRepository reconciliation failed: GitOperationFailed: ${message}`),
  );
});
