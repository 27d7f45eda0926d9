// Tests that install or change the Flux CRDs of the shared control plane. CRDs are cluster-wide, so
// these run one after the other in this one file rather than in parallel files.
//
// Older Flux API versions, which Flux itself no longer serves, still work: the API server converts
// them to the storage version through tsflux's conversion webhook. The three manifests below are
// verbatim from the product brief and are applied with the real kubectl.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { applyCrdsWithConversion, startConversionWebhook, writeHeartbeat } from '../../src/manager/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { eventually, testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

const BRIEF_MANIFESTS = `apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata: {name: game-app}
spec: {interval: 5m0s, sourceRef: {kind: GitRepository, name: game-repo}, path: "./overlays/production", prune: true, validation: client}
---
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata: {name: game-chart}
spec:
  chart: {spec: {chart: ./charts/game, sourceRef: {kind: GitRepository, name: game-repo}, version: ">=1.2.0"}}
  interval: 10m
  values: {replicaCount: 3}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta1
kind: Alert
metadata: {name: slack-alert}
spec: {eventSources: [{kind: GitRepository, name: game-repo}], eventSeverity: info, receiverRefs: [{name: team-slack}]}
`;

// asynchronous: the webhook answering the API server runs in this very process
function kubectl(
  args: string[],
  input?: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', testKubeconfig(), ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

type Obj = KubeObject & { spec: Record<string, any> };

test("the brief's v1beta2 / v2beta1 / v1beta1 manifests apply and read back at the storage version", {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const webhook = await startConversionWebhook({ host: '127.0.0.1', port: 0 });
  t.after(() => webhook.close());
  const crds = await applyCrdsWithConversion(
    kube,
    { url: `https://127.0.0.1:${webhook.port}` },
    { caBundle: webhook.caBundle, namespace: 'flux-system' },
  );
  assert.ok(crds.includes('kustomizations.kustomize.toolkit.fluxcd.io'));
  const ns = await testNamespace(t, kube, 'conv');

  const applied = await kubectl(['apply', '-n', ns, '-f', '-'], BRIEF_MANIFESTS);
  assert.equal(applied.status, 0, applied.stderr);
  assert.match(applied.stdout, /kustomization.kustomize.toolkit.fluxcd.io\/game-app created/);

  const ks = await kube.get<Obj>({
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'kustomizations',
    namespace: ns,
    name: 'game-app',
  });
  assert.equal(ks.apiVersion, 'kustomize.toolkit.fluxcd.io/v1');
  assert.equal(ks.spec.interval, '5m0s');
  assert.deepEqual(ks.spec.sourceRef, { kind: 'GitRepository', name: 'game-repo' });
  assert.equal(ks.spec.path, './overlays/production');
  assert.equal(ks.spec.prune, true);
  assert.equal(ks.spec.validation, undefined, '`validation` is dropped');

  const hr = await kube.get<Obj>({
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    resource: 'helmreleases',
    namespace: ns,
    name: 'game-chart',
  });
  assert.equal(hr.apiVersion, 'helm.toolkit.fluxcd.io/v2');
  assert.equal(hr.spec.interval, '10m');
  assert.equal(hr.spec.chart.spec.chart, './charts/game');
  assert.equal(hr.spec.chart.spec.version, '>=1.2.0');
  assert.deepEqual(hr.spec.chart.spec.sourceRef, { kind: 'GitRepository', name: 'game-repo' });
  assert.deepEqual(hr.spec.values, { replicaCount: 3 });

  const alert = await kube.get<Obj>({
    group: 'notification.toolkit.fluxcd.io',
    version: 'v1beta3',
    resource: 'alerts',
    namespace: ns,
    name: 'slack-alert',
  });
  assert.equal(alert.apiVersion, 'notification.toolkit.fluxcd.io/v1beta3');
  assert.deepEqual(alert.spec.providerRef, { name: 'team-slack' });
  assert.deepEqual(alert.spec.eventSources, [{ kind: 'GitRepository', name: 'game-repo' }]);
  assert.equal(alert.spec.eventSeverity, 'info');
  assert.equal(alert.spec.receiverRefs, undefined);

  // reading back at the old version converts the other way
  const old = await kubectl([
    'get',
    '-n',
    ns,
    'kustomizations.v1beta2.kustomize.toolkit.fluxcd.io',
    'game-app',
    '-o',
    'json',
  ]);
  assert.equal(old.status, 0, old.stderr);
  const oldKs = JSON.parse(old.stdout);
  assert.equal(oldKs.apiVersion, 'kustomize.toolkit.fluxcd.io/v1beta2');
  assert.equal(oldKs.spec.path, './overlays/production');

  // an Alert routes to one Provider: several receiverRefs are refused
  const several = await kubectl(
    ['apply', '-n', ns, '-f', '-'],
    `apiVersion: notification.toolkit.fluxcd.io/v1beta1
kind: Alert
metadata: {name: two-receivers}
spec: {eventSources: [{kind: GitRepository, name: game-repo}], receiverRefs: [{name: a}, {name: b}]}
`,
  );
  assert.notEqual(several.status, 0);
  assert.match(several.stderr, /one Provider/);
});

test('up uses the reachable cluster of the current kubeconfig, installs the CRDs and serves older versions', {
  timeout: 90_000,
}, async (t) => {
  const kube = testClient(t);
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  // the controllers of this manager watch only its namespace: other test files run meanwhile
  const ns = await testNamespace(t, kube, 'up');
  const addrs = [
    '--watch-all-namespaces=false',
    '--namespace',
    ns,
    '--metrics-addr',
    '127.0.0.1:0',
    '--health-addr',
    '127.0.0.1:0',
    '--webhook-addr',
    '127.0.0.1:0',
    '--storage-addr',
    '127.0.0.1:0',
    '--storage-path',
    mkdtempSync(join(tmpdir(), 'tsflux-up-storage-')),
  ];
  const child = spawn(process.execPath, [main, 'up', ...addrs], {
    // a state directory of its own: a tsflux up running on this machine is not this test's
    env: {
      ...process.env,
      KUBECONFIG: testKubeconfig(),
      XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'tsflux-up-state-')),
    },
  });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const exited = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  t.after(() => child.kill('SIGKILL'));
  await eventually(() => assert.match(stderr, /running; press Ctrl-C to stop/), {
    what: 'up running',
    timeoutMs: 60_000,
  });
  assert.ok(stderr.includes(`connected to ${kube.access.server}`), stderr);
  assert.doesNotMatch(stderr, /starting the local control plane/);
  assert.match(stderr, /conversion webhook on port \d+; 15 CRDs point at it/);
  const crd = await kube.get<{ spec: { versions: { name: string; served: boolean }[] } }>({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    name: 'kustomizations.kustomize.toolkit.fluxcd.io',
  });
  assert.deepEqual(
    crd.spec.versions.filter((v) => v.served).map((v) => v.name),
    ['v1', 'v1beta2'],
  );
  const applied = await kubectl(['apply', '-n', ns, '-f', '-'], BRIEF_MANIFESTS.split('---')[0]);
  assert.equal(applied.status, 0, applied.stderr);
  child.kill('SIGINT');
  const code = await Promise.race([
    exited,
    new Promise<string>((r) => setTimeout(() => r('still running 20s after SIGINT'), 20_000)),
  ]);
  assert.equal(code, 0, stderr);
});

test('install applies the CRDs, RBAC and the manager; check passes; uninstall removes them', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const ns = `tsflux-install-${Date.now().toString(36)}`;
  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [main, ...args, '--kubeconfig', testKubeconfig()],
        { timeout: 90_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
  const install = await cli('install', '--namespace', ns, '--image', 'tsflux:test');
  assert.equal(install.code, 0, install.stderr);
  assert.match(install.stderr, /✔ Deployment\/tsflux applied/);
  const deploy = await kube.get<KubeObject & { spec: any }>({
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    namespace: ns,
    name: 'tsflux',
  });
  assert.equal(deploy.spec.template.spec.containers[0].image, 'tsflux:test');
  assert.deepEqual(deploy.spec.template.spec.containers[0].args.slice(0, 1), ['controller']);
  // no pod runs here: the test plays the Deployment's part, the heartbeats its manager keeps
  for (const c of ['source', 'kustomize']) await writeHeartbeat(kube, ns, c, 'flux-crds-test');
  const check = await cli('check', '--namespace', ns);
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stderr, new RegExp(`✔ kustomize-controller: running \\(flux-crds-test in ${ns}\\)`));
  assert.match(check.stderr, /✔ kustomizations\.kustomize\.toolkit\.fluxcd\.io: /);
  const uninstall = await cli('uninstall', '--namespace', ns, '--silent', '--keep-crds');
  assert.equal(uninstall.code, 0, uninstall.stderr);
  await eventually(
    async () => {
      await assert.rejects(
        kube.get({ group: 'apps', version: 'v1', resource: 'deployments', namespace: ns, name: 'tsflux' }),
        /not found/,
      );
    },
    { what: 'the Deployment removed' },
  );
});
