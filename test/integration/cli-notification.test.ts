// The notification kinds through the CLI, against the real control plane and a running
// notification controller: `get alerts|alert-providers|receivers` print Flux's columns (v1beta3
// Alerts and Providers have no status: READY is True, "Alert is Ready", as `flux get` says), and
// suspend, resume and reconcile work on each kind (the statusless ones without waiting on a status).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webhookPath } from '../../src/controllers/notification/index.ts';
import { writeHeartbeat } from '../../src/manager/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { runCli } from '../support/cli.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';
import { startTestNotificationController, stringSecret } from '../support/notification.ts';

const group = 'notification.toolkit.fluxcd.io';
const ref = (resource: string, ns: string, version = 'v1beta3', name?: string) => ({
  group,
  version,
  resource,
  namespace: ns,
  name,
});
/** The rows of a printed table, split into cells (tab-separated, padded with spaces). */
const rows = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s*\t\s*|\s{2,}/));

test('get, suspend, resume and reconcile on Alerts, Providers and Receivers', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'cli-notif');
  await startTestNotificationController(t, kube, ns);
  // the controller runs in this process without the manager's heartbeat: the test writes it, and
  // renews it before each waiting verb, as a running manager keeps it fresh
  const alive = () => writeHeartbeat(kube, ns, 'notification', 'cli-notification-test');
  await alive();
  const cli = (...args: string[]) => runCli(testKubeconfig(), ...args, '-n', ns);
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    stringSecret('hook-token', { token: 'cli-token-51f0' }),
  );
  await kube.create(ref('providers', ns), {
    apiVersion: `${group}/v1beta3`,
    kind: 'Provider',
    metadata: { name: 'slack' },
    spec: { type: 'slack', address: 'https://hooks.example/services/x' },
  } as KubeObject);
  await kube.create(ref('alerts', ns), {
    apiVersion: `${group}/v1beta3`,
    kind: 'Alert',
    metadata: { name: 'on-call' },
    spec: { providerRef: { name: 'slack' }, eventSources: [{ kind: 'Kustomization', name: '*' }] },
  } as KubeObject);
  await kube.create(ref('receivers', ns, 'v1'), {
    apiVersion: `${group}/v1`,
    kind: 'Receiver',
    metadata: { name: 'github' },
    spec: {
      type: 'github',
      secretRef: { name: 'hook-token' },
      resources: [{ kind: 'GitRepository', name: 'app' }],
    },
  } as KubeObject);
  const path = webhookPath('cli-token-51f0', 'github', ns);
  await eventually(
    async () => {
      const r = await kube.get<KubeObject & { status?: { webhookPath?: string } }>(
        ref('receivers', ns, 'v1', 'github'),
      );
      if (r.status?.webhookPath !== path) throw new Error('receiver not ready');
    },
    { what: 'the Receiver Ready' },
  );

  let out = await cli('get', 'alerts');
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(rows(out.stdout), [
    ['NAME', 'SUSPENDED', 'READY', 'MESSAGE'],
    ['on-call', 'False', 'True', 'Alert is Ready'],
  ]);
  out = await cli('get', 'alert-providers');
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(rows(out.stdout), [
    ['NAME', 'READY', 'MESSAGE'],
    ['slack', 'True', 'Provider is Ready'],
  ]);
  out = await cli('get', 'receivers');
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(rows(out.stdout), [
    ['NAME', 'SUSPENDED', 'READY', 'MESSAGE'],
    ['github', 'False', 'True', `Receiver initialized for path: ${path}`],
  ]);

  // suspend and resume each kind; resume of a Receiver waits for its controller's answer
  for (const words of [
    ['alert', 'on-call'],
    ['alert-provider', 'slack'],
    ['receiver', 'github'],
  ]) {
    out = await cli('suspend', ...words);
    assert.equal(out.status, 0, `suspend ${words.join(' ')}: ${out.stderr}`);
  }
  for (const [resource, version, name] of [
    ['alerts', 'v1beta3', 'on-call'],
    ['providers', 'v1beta3', 'slack'],
    ['receivers', 'v1', 'github'],
  ])
    assert.equal(
      (await kube.get<KubeObject & { spec: { suspend?: boolean } }>(ref(resource, ns, version, name))).spec
        .suspend,
      true,
    );
  assert.match((await cli('get', 'receivers')).stdout, /github\s+True\s+True/);
  await alive();
  for (const words of [
    ['alert', 'on-call'],
    ['alert-provider', 'slack'],
    ['receiver', 'github'],
  ]) {
    out = await cli('resume', ...words);
    assert.equal(out.status, 0, `resume ${words.join(' ')}: ${out.stderr}`);
  }
  assert.match((await cli('get', 'alerts')).stdout, /on-call\s+False\s+True/);

  // reconcile: a Receiver's controller echoes the request; an Alert is only annotated
  await alive();
  out = await cli('reconcile', 'receiver', 'github');
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stderr + out.stdout, /Receiver initialized for path: \/hook\//);
  await alive();
  out = await cli('reconcile', 'alert', 'on-call');
  assert.equal(out.status, 0, out.stderr);
  const alert = await kube.get<KubeObject>(ref('alerts', ns, 'v1beta3', 'on-call'));
  assert.ok(alert.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'], 'the Alert is annotated');
});
