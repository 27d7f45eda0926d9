// The CLI's image verbs against the running image controllers: `get images all|repository|
// policy|update` with flux's columns, `reconcile image repository|update NAME`, and `suspend`/
// `resume image update NAME`. Every command docs/controllers.md shows for the image kinds is here.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeHeartbeat } from '../../src/manager/index.ts';
import { testKubeconfig } from '../support/cluster.ts';
import { automationFixture, imageRef, type Obj, waitReady } from '../support/image.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// run asynchronously: the controllers run in this process and must go on while the CLI waits
const tsflux = (...args: string[]) =>
  new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      process.execPath,
      [main, ...args, '--kubeconfig', testKubeconfig()],
      { encoding: 'utf8', timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`tsflux ${args.join(' ')}: ${err.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
// the table's rows as arrays of cells (tab-separated, padded with spaces; no cell here is empty)
const rows = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) =>
      l
        .split(/\t| {2,}/)
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    );

test('tsflux get/reconcile/suspend/resume for the image kinds', async (t) => {
  const { kube, ns, registry } = await automationFixture(t, 'image-cli', {
    'apps/app.yaml': 'image: REG/team/app:v1.0.0 # {"$imagepolicy": "NS:app"}\n',
  });
  // the test runs the image controllers in-process: their heartbeat tells the CLI they run
  await writeHeartbeat(kube, ns, 'image', 'image-cli-test');
  await kube.create(imageRef('imageupdateautomations', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageUpdateAutomation',
    metadata: { name: 'auto', namespace: ns },
    spec: {
      interval: '1h',
      sourceRef: { kind: 'GitRepository', name: 'fleet' },
      git: { commit: { author: { email: 'bot@example.invalid' } }, push: { branch: 'main' } },
    },
  });
  const auto = await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (!o.status?.lastPushCommit) throw new Error('not pushed yet');
  });
  const repo = await waitReady(kube, 'imagerepositories', ns, 'app');

  let out = await tsflux('get', 'images', 'repository', '-n', ns);
  assert.deepEqual(rows(out.stdout), [
    ['NAME', 'LAST SCAN', 'SUSPENDED', 'READY', 'MESSAGE'],
    ['app', repo.status.lastScanResult.scanTime, 'False', 'True', 'successful scan: found 2 tags'],
  ]);
  out = await tsflux('get', 'images', 'policy', '-n', ns);
  const image = `${registry.host}/team/app`;
  assert.deepEqual(rows(out.stdout), [
    ['NAME', 'LATEST IMAGE', 'READY', 'MESSAGE'],
    ['app', `${image}:v1.1.0`, 'True', `Latest image tag for '${image}' resolved to v1.1.0`],
  ]);
  out = await tsflux('get', 'images', 'update', '-n', ns);
  const [header, row] = rows(out.stdout);
  assert.deepEqual(header, ['NAME', 'LAST RUN', 'SUSPENDED', 'READY', 'MESSAGE']);
  // the automation may run again meanwhile (a policy's watch): its last run is this one or later
  assert.deepEqual([row[0], ...row.slice(2)], ['auto', 'False', 'True', 'repository up-to-date']);
  assert.match(row[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(row[1] >= auto.status.lastAutomationRunTime, row[1]);
  // `all`: one table per kind, each headed by its kind's columns
  out = await tsflux('get', 'images', 'all', '-n', ns);
  for (const line of [`imagerepository/app`, `imagepolicy/app`, `imageupdateautomation/auto`])
    assert.match(out.stdout, new RegExp(`^${line}\\s`, 'm'), out.stdout);

  // reconcile: the request is handled by the controllers, and the CLI waits for it (the heartbeat
  // renewed before each verb that checks it, as a running manager keeps it)
  const heartbeat = () => writeHeartbeat(kube, ns, 'image', 'image-cli-test');
  await heartbeat();
  out = await tsflux('reconcile', 'image', 'repository', 'app', '-n', ns);
  assert.match(out.stderr, /◎ waiting for ImageRepository reconciliation\n✔ successful scan: found 2 tags\n/);
  const rescanned = await kube.get<Obj>(imageRef('imagerepositories', ns, 'app'));
  assert.ok(rescanned.status.lastHandledReconcileAt, 'the request was handled');

  await heartbeat();
  out = await tsflux('suspend', 'image', 'update', 'auto', '-n', ns);
  assert.equal((await kube.get<Obj>(imageRef('imageupdateautomations', ns, 'auto'))).spec.suspend, true);
  out = await tsflux('get', 'images', 'update', '-n', ns);
  assert.equal(rows(out.stdout)[1][2], 'True');
  await heartbeat();
  out = await tsflux('resume', 'image', 'update', 'auto', '-n', ns);
  assert.match(out.stderr, /✔ ImageUpdateAutomation resumed\n[\s\S]*✔ repository up-to-date\n/);
  assert.equal((await kube.get<Obj>(imageRef('imageupdateautomations', ns, 'auto'))).spec.suspend, false);
  await heartbeat();
  out = await tsflux('reconcile', 'image', 'update', 'auto', '-n', ns);
  assert.match(out.stderr, /✔ repository up-to-date\n/);
});
