// A smoke test of the webhook-to-delivery bench's core (bench/notification/round.ts): on the test
// cluster, with tsflux's manager in process and limited to one namespace, the workload settles
// and one round goes from the signed GitHub push webhook to the Alert's delivery of the
// Kustomization's result for the pushed commit. It checks the round's order of steps and the
// applied change; the figures themselves are the bench's to print, never asserted here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startAlertListener } from '../../bench/notification/listener.ts';
import { createWorkload, runRound } from '../../bench/notification/round.ts';
import { managerOptionsFromFlags, startManager } from '../../src/manager/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { freePort, startGitHttpServer } from '../servers/index.ts';
import { testClient, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

test('one bench round: push, GitHub webhook, artifact, apply, Alert delivery', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const namespace = await testNamespace(t, kube, 'bench-notif');
  const storage = mkdtempSync(join(tmpdir(), 'tsflux-bench-notif-'));
  t.after(() => rmSync(storage, { recursive: true, force: true }));
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  const listener = await startAlertListener();
  t.after(() => listener.stop());
  const receiverPort = await freePort();
  const manager = await startManager(
    kube,
    managerOptionsFromFlags(
      {
        controllers: 'source,kustomize,notification',
        namespace,
        'watch-all-namespaces': false,
        'metrics-addr': '127.0.0.1:0',
        'health-addr': '127.0.0.1:0',
        'webhook-addr': '',
        'storage-addr': '127.0.0.1:0',
        'storage-path': storage,
        'events-listen-addr': '127.0.0.1:0',
        'receiver-addr': `127.0.0.1:${receiverPort}`,
        'log-level': 'error',
      },
      ['source', 'kustomize', 'notification'],
    ),
  );
  t.after(() => manager.stop());
  const ctx = { kube, namespace, git, listener, receiverPort, token: 'bench-smoke-token' };
  const webhookPath = await createWorkload(ctx);
  assert.match(webhookPath, /^\/hook\/[0-9a-f]{64}$/);

  const r = await runRound(ctx, webhookPath, 1);
  assert.equal(r.revision, await git.revParse('app', 'main'));
  // the steps happen in the order the bench reports them; the annotation and the artifact come
  // from one watch stream, so their order is exact
  assert.ok(r.answeredMs > 0 && r.requestedMs <= r.artifactMs, JSON.stringify(r));
  assert.ok(r.firstEventMs <= r.deliveredMs, JSON.stringify(r));
  assert.ok(r.kustomizeReconcile, 'the Kustomization’s history names the commit');
  const settings = await kube.get<KubeObject & { data?: Record<string, string> }>({
    version: 'v1',
    resource: 'configmaps',
    namespace,
    name: 'settings',
  });
  assert.equal(settings.data?.value, 'round-1', 'the pushed change is applied');
});
