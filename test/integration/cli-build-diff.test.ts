// `tsflux build kustomization` and `tsflux diff kustomization` against the real control plane:
// the spec overlay and postBuild substitution (inline and from a ConfigMap/Secret) on a local
// directory, then a server-side dry-run diff: created, unchanged, drifted (Secret values masked)
// and, with prune, deleted; exit codes 0/1 as flux diff.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { testClient, testKubeconfig, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [main, ...args, '--kubeconfig', testKubeconfig()], {
    encoding: 'utf8',
    timeout: 60_000,
  });

function appDir(root: string, replicas: number, password: string) {
  mkdirSync(root, { recursive: true });
  // no kustomization.yaml: Flux generates one from the manifests
  writeFileSync(
    join(root, 'app.yaml'),
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  greeting: "hello \${NAME}"
  region: "\${REGION:=eu-west-1}"
  tier: "\${TIER}"
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: ${password}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
  );
}

test('build and diff kustomization render a local directory as the controller would', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'cli-build');
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-cli-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  appDir(join(dir, 'app'), 1, 'first-s3cret-value');
  const ks = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'web', namespace: ns },
    spec: {
      interval: '10m',
      path: './app',
      prune: true,
      targetNamespace: ns,
      namePrefix: 'staging-',
      sourceRef: { kind: 'GitRepository', name: 'repo' },
      suspend: true,
      postBuild: {
        substitute: { NAME: 'tsflux' },
        substituteFrom: [
          { kind: 'ConfigMap', name: 'vars' },
          { kind: 'Secret', name: 'missing', optional: true },
        ],
      },
    },
  };
  writeFileSync(join(dir, 'ks.yaml'), JSON.stringify(ks));

  // offline: the file's spec, inline variables only, defaults applied; an unset variable leaves
  // `tier: ` in the serialized YAML, which reads back as null, as in Flux
  const offline = cli(
    'build',
    'kustomization',
    'web',
    '-n',
    ns,
    '--path',
    join(dir, 'app'),
    '--kustomization-file',
    join(dir, 'ks.yaml'),
    '--dry-run',
  );
  assert.equal(offline.status, 0, offline.stderr);
  const objs = parseAllDocuments(offline.stdout).map(
    (d) => d.toJS() as KubeObject & { data?: Record<string, string> },
  );
  assert.deepEqual(objs.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`).sort(), [
    `ConfigMap/${ns}/staging-settings`,
    `Deployment/${ns}/staging-web`,
    `Secret/${ns}/staging-creds`,
  ]);
  const cm = objs.find((o) => o.kind === 'ConfigMap');
  assert.deepEqual(cm?.data, { greeting: 'hello tsflux', region: 'eu-west-1', tier: null });
  assert.equal(cm?.metadata?.labels?.['kustomize.toolkit.fluxcd.io/name'], 'web');
  assert.equal(cm?.metadata?.labels?.['kustomize.toolkit.fluxcd.io/namespace'], ns);
  const strict = cli(
    'build',
    'kustomization',
    'web',
    '-n',
    ns,
    '--path',
    join(dir, 'app'),
    '--kustomization-file',
    join(dir, 'ks.yaml'),
    '--dry-run',
    '--strict-substitute',
  );
  assert.notEqual(strict.status, 0);
  assert.match(strict.stderr, /variable not set \(strict mode\): "TIER"/);

  // from the cluster: the Kustomization and its substituteFrom ConfigMap
  await kube.create(
    { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', resource: 'kustomizations', namespace: ns },
    ks,
  );
  await kube.create(
    { version: 'v1', resource: 'configmaps', namespace: ns },
    { metadata: { name: 'vars' }, data: { TIER: 'gold', NAME: 'overridden' } },
  );
  const live = cli('build', 'kustomization', 'web', '-n', ns, '--path', join(dir, 'app'));
  assert.equal(live.status, 0, live.stderr);
  const liveCm = parseAllDocuments(live.stdout)
    .map((d) => d.toJS())
    .find((o) => o.kind === 'ConfigMap');
  // inline substitute wins over substituteFrom, as in Flux
  assert.deepEqual(liveCm.data, { greeting: 'hello tsflux', region: 'eu-west-1', tier: 'gold' });

  // diff: nothing applied yet -> created, exit 1
  let diff = cli('diff', 'kustomization', 'web', '-n', ns, '--path', join(dir, 'app'));
  assert.equal(diff.status, 1, diff.stderr);
  assert.match(diff.stdout, new RegExp(`► Deployment/${ns}/staging-web created`));
  assert.match(diff.stdout, new RegExp(`► Secret/${ns}/staging-creds created`));

  // apply what build prints, as the controller would (field manager kustomize-controller)
  const applied = spawnSync(
    'kubectl',
    [
      '--kubeconfig',
      testKubeconfig(),
      'apply',
      '--server-side',
      '--field-manager',
      'kustomize-controller',
      '-f',
      '-',
    ],
    { input: live.stdout, encoding: 'utf8' },
  );
  assert.equal(applied.status, 0, applied.stderr);
  diff = cli('diff', 'kustomization', 'web', '-n', ns, '--path', join(dir, 'app'));
  assert.equal(diff.status, 0, `${diff.stdout}${diff.stderr}`);
  assert.equal(diff.stdout, '');

  // a local change drifts; Secret values never print
  appDir(join(dir, 'app'), 3, 'second-s3cret-value');
  diff = cli('diff', 'kustomization', 'web', '-n', ns, '--path', join(dir, 'app'));
  assert.equal(diff.status, 1, diff.stderr);
  assert.match(diff.stdout, new RegExp(`► Deployment/${ns}/staging-web drifted`));
  assert.match(diff.stdout, /^- {2}replicas: 1$/m);
  assert.match(diff.stdout, /^\+ {2}replicas: 3$/m);
  assert.match(diff.stdout, new RegExp(`► Secret/${ns}/staging-creds drifted`));
  assert.doesNotMatch(diff.stdout + diff.stderr, /s3cret/);
  assert.doesNotMatch(diff.stdout + diff.stderr, /c2VjcmV0|czNjcmV0/);

  // prune: what the inventory holds and the build no longer does would be deleted
  await kube.mergePatch(
    {
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      resource: 'kustomizations',
      namespace: ns,
      name: 'web',
      subresource: 'status',
    },
    {
      status: {
        inventory: {
          entries: [
            { id: `${ns}_staging-web_apps_Deployment`, v: 'v1' },
            { id: `${ns}_old__ConfigMap`, v: 'v1' },
          ],
        },
      },
    },
  );
  diff = cli('diff', 'kustomization', 'web', '-n', ns, '--path', join(dir, 'app'));
  assert.match(diff.stdout, new RegExp(`► ConfigMap/${ns}/old deleted`));

  const missing = cli('diff', 'kustomization', 'nope', '-n', ns, '--path', join(dir, 'app'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, new RegExp(`Kustomization '${ns}/nope' not found`));
  const badPath = cli('build', 'kustomization', 'web', '-n', ns, '--path', join(dir, 'nowhere'));
  assert.notEqual(badPath.status, 0);
  assert.match(badPath.stderr, /invalid resource path/);
});
