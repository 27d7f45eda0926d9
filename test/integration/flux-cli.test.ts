// The real `flux` CLI (built from github.com/fluxcd/flux2/v2 at the release tsflux matches) against
// a running tsflux: installed with `tsflux install`'s manifests (its Deployment runs on kwok's
// simulated node), the manager running in this process with its conversion webhook (which
// re-applies the CRDs, the step that used to strip Flux's labels), a GitRepository and a
// Kustomization from a local git server. Every command a Flux user relies on must work unchanged.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  applyManifests,
  installManifests,
  managerOptionsFromFlags,
  startManager,
  TSFLUX_RELEASE,
} from '../../src/manager/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { fluxCliBinary } from '../../src/toolchain/index.ts';
import { startGitHttpServer } from '../servers/index.ts';
import { eventually, testWorkloadClient, testWorkloadKubeconfig } from '../support/cluster.ts';
import { gitRef, ksRef } from '../support/kustomize-harness.ts';

const NS = 'flux-system';

type Flux = KubeObject & {
  spec: Record<string, unknown>;
  status?: { lastHandledReconcileAt?: string; conditions?: { type: string; status: string }[] };
};
const isReady = (o: Flux) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

const APP = {
  'deploy/kustomization.yaml': 'resources:\n- config.yaml\n- deployment.yaml\n',
  'deploy/config.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game-config\n  namespace: flux-system\ndata:\n  level: "1"\n',
  'deploy/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: game',
    '  namespace: flux-system',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels: {app: game}',
    '  template:',
    '    metadata:',
    '      labels: {app: game}',
    '    spec:',
    '      containers:',
    '      - name: game',
    '        image: registry.example/game:1.0.0',
    '',
  ].join('\n'),
};

/** Runs the flux CLI with its own HOME (discovery cache) against the workload test cluster. */
function fluxRunner(binary: string, home: string) {
  return (...args: string[]) =>
    new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(binary, [...args, '--kubeconfig', testWorkloadKubeconfig(), '--timeout', '2m'], {
        env: { PATH: process.env.PATH, HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (b) => {
        out += b;
      });
      child.stderr.on('data', (b) => {
        out += b;
      });
      child.on('close', (code) => done({ code, out }));
    });
}

test('the real flux CLI works against tsflux', { timeout: 1_500_000 }, async (t) => {
  const binary = await fluxCliBinary((l) => process.stderr.write(`[flux-cli] ${l}\n`));
  const work = mkdtempSync(join(tmpdir(), 'tsflux-flux-cli-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const flux = fluxRunner(binary, work);
  const kube = testWorkloadClient(t);

  await applyManifests(kube, installManifests({ namespace: NS }), { fieldManager: 'tsflux' });
  const options = managerOptionsFromFlags(
    {
      controllers: 'source,kustomize',
      namespace: NS,
      'metrics-addr': '127.0.0.1:0',
      'health-addr': '127.0.0.1:0',
      'webhook-addr': '127.0.0.1:0',
      'webhook-url': 'https://127.0.0.1:{port}',
      'storage-addr': '127.0.0.1:0',
      'storage-path': join(work, 'storage'),
      'log-level': 'error',
    },
    ['source', 'kustomize'],
  );
  const manager = await startManager(kube, options);
  t.after(() => manager.stop());

  const git = await startGitHttpServer();
  t.after(() => git.stop());
  await git.createRepository('game', { files: APP });
  await kube.create(gitRef(NS), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'game', namespace: NS },
    spec: { url: git.repoUrl('game'), interval: '10m', ref: { branch: 'main' } },
  });
  await kube.create(ksRef(NS), {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'game', namespace: NS },
    spec: {
      interval: '10m',
      path: './deploy',
      prune: true,
      wait: true,
      timeout: '1m',
      sourceRef: { kind: 'GitRepository', name: 'game' },
    },
  });
  await eventually(async () => assert.ok(isReady(await kube.get<Flux>(ksRef(NS, 'game')))), {
    timeoutMs: 120_000,
    what: 'kustomization game ready (its Deployment waited for)',
  });

  await t.test(
    'check: the CRDs keep Flux labels after the webhook re-apply, the controller is healthy',
    async () => {
      const r = await flux('check');
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, new RegExp(`distribution: flux-${TSFLUX_RELEASE.replaceAll('.', '\\.')}`));
      assert.match(r.out, new RegExp(`tsflux:${TSFLUX_RELEASE.replaceAll('.', '\\.')}`));
      assert.match(r.out, /gitrepositories\.source\.toolkit\.fluxcd\.io\/v1\b/);
      assert.match(r.out, /kustomizations\.kustomize\.toolkit\.fluxcd\.io\/v1\b/);
      assert.match(r.out, /all checks passed/);
    },
  );

  await t.test('version prints the image tag', async () => {
    const r = await flux('version', '-o', 'json');
    assert.equal(r.code, 0, r.out);
    assert.equal(JSON.parse(r.out.slice(r.out.indexOf('{'))).tsflux, TSFLUX_RELEASE);
  });

  await t.test('get all -A', async () => {
    const r = await flux('get', 'all', '-A');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /gitrepository\/game\s.*main@sha1:[0-9a-f]+\s+False\s+True\s+stored artifact/);
    assert.match(r.out, /kustomization\/game\s.*main@sha1:[0-9a-f]+\s+False\s+True\s+Applied revision/);
  });

  await t.test('reconcile ks --with-source', async () => {
    const r = await flux('reconcile', 'ks', 'game', '-n', NS, '--with-source');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /fetched revision main@sha1:[0-9a-f]+/);
    assert.match(r.out, /applied revision main@sha1:[0-9a-f]+/);
  });

  await t.test('suspend and resume', async () => {
    const s = await flux('suspend', 'ks', 'game', '-n', NS);
    assert.equal(s.code, 0, s.out);
    assert.equal((await kube.get<Flux>(ksRef(NS, 'game'))).spec.suspend, true);
    const r = await flux('resume', 'ks', 'game', '-n', NS);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Kustomization game reconciliation completed/);
    assert.notEqual((await kube.get<Flux>(ksRef(NS, 'game'))).spec.suspend, true);
  });

  await t.test('tree', async () => {
    const r = await flux('tree', 'ks', 'game', '-n', NS);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^Kustomization\/flux-system\/game/m);
    assert.match(r.out, /ConfigMap\/flux-system\/game-config/);
    assert.match(r.out, /Deployment\/flux-system\/game/);
  });

  await t.test('events', async () => {
    const r = await flux('events', '-n', NS, '--for', 'Kustomization/game');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Kustomization\/game/);
    assert.match(r.out, /ReconciliationSucceeded|Progressing/);
  });

  await t.test('diff ks: nothing on an unchanged tree, the drift on a changed one', async () => {
    const local = join(work, 'local');
    for (const [path, text] of Object.entries(APP)) {
      mkdirSync(join(local, path, '..'), { recursive: true });
      writeFileSync(join(local, path), text);
    }
    const same = await flux('diff', 'ks', 'game', '-n', NS, '--path', join(local, 'deploy'));
    assert.equal(same.code, 0, same.out);
    writeFileSync(join(local, 'deploy/config.yaml'), APP['deploy/config.yaml'].replace('"1"', '"2"'));
    const changed = await flux('diff', 'ks', 'game', '-n', NS, '--path', join(local, 'deploy'));
    assert.equal(changed.code, 1, changed.out);
    assert.match(changed.out, /ConfigMap\/flux-system\/game-config drifted/);
  });

  await t.test('uninstall --dry-run finds the CRDs, the Deployment and the namespace', async () => {
    const r = await flux('uninstall', '--dry-run', '--silent');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Deployment\/flux-system\/tsflux deleted \(dry run\)/);
    assert.match(
      r.out,
      /CustomResourceDefinition\/gitrepositories\.source\.toolkit\.fluxcd\.io deleted \(dry run\)/,
    );
    assert.match(r.out, /Namespace\/flux-system deleted \(dry run\)/);
    // a dry run deletes nothing
    await kube.get(ksRef(NS, 'game'));
  });
});
