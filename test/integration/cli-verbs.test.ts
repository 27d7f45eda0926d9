// The generic verbs (get, suspend, resume, reconcile, export) against Flux objects in the real
// control plane. No controller runs here: the test plays its part by writing status through the
// status subresource, exactly as a controller would, so the CLI's side of the contract is what is
// under test.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ReconcileRequestAnnotation } from '../../src/api/index.ts';
import { writeHeartbeat } from '../../src/manager/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [main, ...args, '--kubeconfig', testKubeconfig()], {
    encoding: 'utf8',
    timeout: 60_000,
  });
const gitrepos = (namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'gitrepositories',
  namespace,
  name,
});

async function writeReady(kube: KubeClient, ns: string, name: string, extra: Record<string, unknown> = {}) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const obj = await kube.get(gitrepos(ns, name));
  await kube.mergePatch(
    { ...gitrepos(ns, name), subresource: 'status' },
    {
      status: {
        observedGeneration: obj.metadata?.generation,
        artifact: {
          path: `gitrepository/${ns}/${name}/abc.tar.gz`,
          url: `http://source-controller/gitrepository/${ns}/${name}/abc.tar.gz`,
          revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
          digest: 'sha256:aa',
          lastUpdateTime: now,
        },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Succeeded',
            message: "stored artifact for revision 'main@sha1:0123456789abcdef0123456789abcdef01234567'",
            lastTransitionTime: now,
            observedGeneration: obj.metadata?.generation,
          },
        ],
        ...extra,
      },
    },
  );
}

test('get, suspend, resume, reconcile and export work on a GitRepository', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'cli');
  // the test plays the source controller, heartbeat included (else the CLI says none runs)
  await writeHeartbeat(kube, ns, 'source', 'cli-verbs-test');
  await kube.create(gitrepos(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'podinfo' },
    spec: { interval: '1m', url: 'https://example.invalid/podinfo', ref: { branch: 'main' } },
  });

  let out = cli('get', 'source', 'git', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^NAME\s+REVISION\s+SUSPENDED\s+READY\s+MESSAGE\n/);
  assert.match(out.stdout, /\npodinfo\s+False\s+Unknown\s+waiting to be reconciled\n/);

  await writeReady(kube, ns, 'podinfo');
  out = cli('get', 'sources', 'git', 'podinfo', '-n', ns);
  assert.match(
    out.stdout,
    /\npodinfo\s+main@sha1:0123456789abcdef0123456789abcdef01234567\s+False\s+True\s+stored artifact/,
  );

  out = cli('get', 'all', '-A');
  assert.match(out.stdout, new RegExp(`\\n${ns}\\s+gitrepository/podinfo\\s`));

  out = cli('suspend', 'source', 'git', 'podinfo', '-n', ns);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(
    ((await kube.get(gitrepos(ns, 'podinfo'))) as KubeObject & { spec: { suspend?: boolean } }).spec.suspend,
    true,
  );
  out = cli('get', 'source', 'git', '-n', ns);
  assert.match(out.stdout, /\npodinfo\s+main@sha1:\S+\s+True\s+True/);
  out = cli('reconcile', 'source', 'git', 'podinfo', '-n', ns);
  assert.equal(out.status, 1);
  assert.match(out.stderr, /is suspended/);

  // reconcile: the CLI annotates and waits; the "controller" echoes the token and reports Ready
  // (its heartbeat renewed, as a running one keeps it: the steps above may have outlasted it)
  await writeHeartbeat(kube, ns, 'source', 'cli-verbs-test');
  out = cli('resume', 'source', 'git', 'podinfo', '-n', ns, '--no-wait');
  assert.equal(out.status, 0, out.stderr);
  const child = spawn(process.execPath, [
    main,
    'reconcile',
    'source',
    'git',
    'podinfo',
    '-n',
    ns,
    '--timeout',
    '30s',
    '--kubeconfig',
    testKubeconfig(),
  ]);
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const exited = new Promise<number>((done) => child.on('close', (c) => done(c ?? 1)));
  const token = await eventually(
    async () => {
      const o = await kube.get(gitrepos(ns, 'podinfo'));
      const v = o.metadata?.annotations?.[ReconcileRequestAnnotation];
      assert.ok(
        v && stderr.includes('waiting for GitRepository reconciliation'),
        'the CLI has not requested yet',
      );
      return v;
    },
    { what: 'reconcile requested' },
  );
  await writeReady(kube, ns, 'podinfo', { lastHandledReconcileAt: token });
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /✔ stored artifact for revision 'main@sha1:0123456789abcdef0123456789abcdef01234567'/);

  out = cli('export', 'source', 'git', 'podinfo', '-n', ns);
  const exported = parse(out.stdout.replace(/^---\n/, ''));
  assert.deepEqual(exported, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'podinfo', namespace: ns },
    spec: {
      interval: '1m',
      url: 'https://example.invalid/podinfo',
      ref: { branch: 'main' },
      timeout: '60s',
      suspend: false,
    },
  });

  out = cli('get', 'source', 'git', 'missing', '-n', ns);
  assert.equal(out.status, 1);
  assert.equal(out.stderr, `error: GitRepository '${ns}/missing' not found\n`);
});
