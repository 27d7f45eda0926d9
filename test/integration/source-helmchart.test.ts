// HelmChart against real sources: charts pulled from the Helm repository server (packaged by the
// real helm) with and without auth and TLS, from the OCI registry (pushed with `helm push`), and
// packaged from a GitRepository artifact (written to the test storage, as the GitRepository
// reconciler is not part of this test). The real helm is the oracle for the packaged charts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type TestContext, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import { readChartArchive } from '../../src/engines/helm/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { helmBinary } from '../../src/toolchain/index.ts';
import { startHelmRepository, startOciRegistry } from '../servers/index.ts';
import { run } from '../servers/process.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  createSecret,
  eventsOf,
  startTestSourceController,
  type TestSourceController,
  waitForSourceReady,
} from '../support/source-controller.ts';

const PODINFO = join(import.meta.dirname, '../../../shared/fixtures/charts/podinfo');

type Condition = { type: string; status: string; reason: string; message: string };
type Chart = KubeObject & {
  status?: {
    artifact?: { revision: string; digest: string; url: string; path: string; size?: number };
    conditions?: Condition[];
    url?: string;
    observedChartName?: string;
    observedSourceArtifactRevision?: string;
    observedValuesFiles?: string[];
    observedGeneration?: number;
  };
};

const ref = (resource: string, namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource,
  namespace,
  name,
});
const charts = (ns: string, name?: string) => ref('helmcharts', ns, name);

async function create(
  kube: KubeClient,
  ns: string,
  kind: string,
  name: string,
  spec: Record<string, unknown>,
) {
  const resource = {
    HelmChart: 'helmcharts',
    HelmRepository: 'helmrepositories',
    GitRepository: 'gitrepositories',
  }[kind] as string;
  await kube.create(ref(resource, ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind,
    metadata: { name, namespace: ns },
    spec: { interval: '10m', ...spec },
  });
}

const condition = (o: Chart, type: string) => o.status?.conditions?.find((c) => c.type === type);
const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function waitFor(
  kube: KubeClient,
  ns: string,
  name: string,
  status: 'True' | 'False',
  check: (o: Chart) => void = () => {},
  resource = 'helmcharts',
): Promise<Chart> {
  return waitForSourceReady<Chart>(kube, ref(resource, ns, name), status, { check, checkGeneration: false });
}

async function setup(t: TestContext, prefix: string) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, prefix);
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['HelmRepository', 'HelmChart'] });
  return { kube, ns, controller };
}

/** Runs the real helm on a stored chart archive (`helm show <what>`). */
async function helmShow(what: 'chart' | 'values', data: Uint8Array): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-chart-'));
  try {
    writeFileSync(join(dir, 'chart.tgz'), data);
    return parse(
      await run(await helmBinary(), ['show', what, join(dir, 'chart.tgz')], { env: isolatedHelmEnv(dir) }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function isolatedHelmEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    HELM_CACHE_HOME: join(dir, 'cache'),
    HELM_CONFIG_HOME: join(dir, 'config'),
    HELM_DATA_HOME: join(dir, 'data'),
  };
}

const stored = (controller: TestSourceController, o: Chart) =>
  readFileSync(controller.storage.localPath({ path: o.status?.artifact?.path ?? '' }));

test('a chart pulled from an HTTP HelmRepository is the served package, version resolved by semver', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart');
  const server = await startHelmRepository({ charts: [PODINFO, { dir: PODINFO, version: '6.0.0' }] });
  t.after(() => server.stop());
  await create(kube, ns, 'HelmRepository', 'repo', { url: server.url });
  await create(kube, ns, 'HelmChart', 'pinned', {
    chart: 'podinfo',
    version: '6.0.x',
    sourceRef: { kind: 'HelmRepository', name: 'repo' },
  });
  await create(kube, ns, 'HelmChart', 'latest', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'repo' },
  });
  const repo = await waitFor(kube, ns, 'repo', 'True', () => {}, 'helmrepositories');
  const o = await waitFor(kube, ns, 'pinned', 'True');
  const a = o.status?.artifact;
  assert.ok(a);
  assert.equal(a.revision, '6.0.0');
  assert.equal(a.path, `helmchart/${ns}/pinned/podinfo-6.0.0.tgz`);
  // the artifact is the package helm wrote, byte for byte
  assert.equal(a.digest, sha256(readFileSync(join(server.dir, 'podinfo-6.0.0.tgz'))));
  assert.equal(o.status?.observedChartName, 'podinfo');
  assert.equal(o.status?.observedSourceArtifactRevision, repo.status?.artifact?.revision);
  assert.equal(o.status?.url, a.url.replace(/[^/]*$/, 'latest.tar.gz'));
  assert.equal(sha256(Buffer.from(await (await fetch(o.status?.url ?? '')).arrayBuffer())), a.digest);
  assert.equal(condition(o, 'Ready')?.reason, 'ChartPullSucceeded');
  assert.equal(condition(o, 'Ready')?.message, "pulled 'podinfo' chart with version '6.0.0'");
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'pinned')).includes(
        "Normal ChartPullSucceeded: pulled 'podinfo' chart with version '6.0.0'",
      ),
    ),
  );
  const latest = await waitFor(kube, ns, 'latest', 'True');
  assert.equal(latest.status?.artifact?.revision, '6.14.1');

  // no-op: the stored chart is reused, the package is not downloaded again
  const downloads = () => server.requests.filter((r) => r.path.endsWith('.tgz')).length;
  const before = downloads();
  await kube.mergePatch(charts(ns, 'pinned'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'again' } },
  });
  const again = await waitFor(kube, ns, 'pinned', 'True', (x) =>
    assert.equal((x.status as { lastHandledReconcileAt?: string }).lastHandledReconcileAt, 'again'),
  );
  assert.deepEqual(again.status?.artifact, a);
  assert.equal(downloads(), before);

  // a new version in the repository reaches the '*' chart through the HelmRepository watch
  await server.addChart({ dir: PODINFO, version: '7.0.0' });
  await kube.mergePatch(ref('helmrepositories', ns, 'repo'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'new-version' } },
  });
  const updated = await waitFor(kube, ns, 'latest', 'True', (x) =>
    assert.equal(x.status?.artifact?.revision, '7.0.0'),
  );
  assert.equal(updated.status?.artifact?.digest, sha256(readFileSync(join(server.dir, 'podinfo-7.0.0.tgz'))));
  assert.equal((await waitFor(kube, ns, 'pinned', 'True')).status?.artifact?.revision, '6.0.0');

  // an impossible version later: stalled, the stored chart still served and described as Flux does
  await kube.mergePatch(charts(ns, 'pinned'), { spec: { version: '>=99' } });
  const stalled = await waitFor(kube, ns, 'pinned', 'False', (x) => assert.ok(condition(x, 'Stalled')));
  assert.deepEqual(stalled.status?.artifact, a);
  assert.equal(condition(stalled, 'ArtifactInStorage')?.reason, 'ChartPullSucceeded');
  assert.equal(
    condition(stalled, 'ArtifactInStorage')?.message,
    "pulled 'podinfo' chart with version '6.0.0'",
  );

  // values files re-package the pulled chart: values.yaml replaced by the merge, +<generation>
  await create(kube, ns, 'HelmChart', 'prod', {
    chart: 'podinfo',
    version: '6.0.0',
    valuesFiles: ['values.yaml', 'values-prod.yaml'],
    sourceRef: { kind: 'HelmRepository', name: 'repo' },
  });
  const prod = await waitFor(kube, ns, 'prod', 'True');
  assert.equal(prod.status?.artifact?.revision, '6.0.0+1');
  assert.equal(condition(prod, 'Ready')?.reason, 'ChartPackageSucceeded');
  assert.equal(
    condition(prod, 'Ready')?.message,
    "packaged 'podinfo' chart with version '6.0.0+1' and merged values files [values.yaml values-prod.yaml]",
  );
  assert.deepEqual(prod.status?.observedValuesFiles, ['values.yaml', 'values-prod.yaml']);
  const data = stored(controller, prod);
  const chartYaml = (await helmShow('chart', data)) as { name: string; version: string };
  assert.equal(chartYaml.name, 'podinfo');
  assert.equal(chartYaml.version, '6.0.0+1');
  const values = (await helmShow('values', data)) as Record<string, unknown>;
  const base = parse(readFileSync(join(PODINFO, 'values.yaml'), 'utf8'));
  const overlay = parse(readFileSync(join(PODINFO, 'values-prod.yaml'), 'utf8'));
  assert.deepEqual(values, deepMerge(base, overlay));
});

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    const isMap = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x);
    out[k] =
      isMap(cur) && isMap(v) ? deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

test('charts pulled with the HelmRepository credentials and TLS, and no secret leaks', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart-auth');
  const password = 'chart-pull-password-5521';
  const server = await startHelmRepository({
    charts: [PODINFO],
    basicAuth: { username: 'flux', password },
    tls: { requireClientCertificate: true },
  });
  t.after(() => server.stop());
  const tls = server.tls;
  assert.ok(tls);
  await createSecret(kube, ns, 'auth', { username: 'flux', password });
  await createSecret(kube, ns, 'tls', {
    'ca.crt': tls.ca,
    'tls.crt': tls.client.cert,
    'tls.key': tls.client.key,
  });
  await create(kube, ns, 'HelmRepository', 'secure', {
    url: server.url,
    secretRef: { name: 'auth' },
    certSecretRef: { name: 'tls' },
  });
  await create(kube, ns, 'HelmChart', 'podinfo', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'secure' },
  });
  const o = await waitFor(kube, ns, 'podinfo', 'True');
  assert.equal(o.status?.artifact?.digest, sha256(readFileSync(join(server.dir, 'podinfo-6.14.1.tgz'))));
  const everything = [
    ...controller.logs,
    ...(await eventsOf(kube, ns, 'podinfo')),
    JSON.stringify(o.status),
  ].join('\n');
  assert.ok(!everything.includes(password));
  assert.ok(!everything.includes(tls.client.key.split('\n')[1]));
});

/** Writes a GitRepository with a status artifact holding `files`, as its reconciler would. */
async function gitSource(
  kube: KubeClient,
  controller: TestSourceController,
  ns: string,
  name: string,
  files: { path: string; data: Uint8Array }[],
  commit: string,
) {
  const revision = `main@sha1:${commit}`;
  const base = controller.storage.artifactFor('GitRepository', ns, name, `${commit}.tar.gz`, revision);
  const artifact = await controller.storage.write(base, await createTarGz(files));
  try {
    await create(kube, ns, 'GitRepository', name, {
      url: 'http://127.0.0.1:1/repo.git',
      ref: { branch: 'main' },
    });
  } catch {
    // exists: only the status changes
  }
  await kube.patchStatus(ref('gitrepositories', ns, name), { status: { artifact } });
  return artifact;
}

function treeFiles(dir: string, prefix: string): { path: string; data: Uint8Array }[] {
  const out: { path: string; data: Uint8Array }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: `${prefix}/${relative(dir, p)}`, data: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

test('a chart packaged from a GitRepository artifact: Revision strategy, values files, watch', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart-git');
  const commit = '4e5cbb7b97d00a8039b8810b90b922f4256fd3bd';
  const extra = { path: 'env/prod.yaml', data: Buffer.from('replicaCount: 5\nui:\n  message: from git\n') };
  await gitSource(kube, controller, ns, 'repo', [...treeFiles(PODINFO, 'charts/podinfo'), extra], commit);
  await create(kube, ns, 'HelmChart', 'plain', {
    chart: './charts/podinfo',
    sourceRef: { kind: 'GitRepository', name: 'repo' },
  });
  await create(kube, ns, 'HelmChart', 'revision', {
    chart: 'charts/podinfo',
    reconcileStrategy: 'Revision',
    valuesFiles: ['charts/podinfo/values.yaml', 'env/prod.yaml', 'env/missing.yaml'],
    ignoreMissingValuesFiles: true,
    sourceRef: { kind: 'GitRepository', name: 'repo' },
  });
  const plain = await waitFor(kube, ns, 'plain', 'True');
  assert.equal(plain.status?.artifact?.revision, '6.14.1');
  assert.equal(plain.status?.artifact?.path, `helmchart/${ns}/plain/podinfo-6.14.1.tgz`);
  assert.equal(condition(plain, 'Ready')?.message, "packaged 'podinfo' chart with version '6.14.1'");
  assert.equal(condition(plain, 'Ready')?.reason, 'ChartPackageSucceeded');
  assert.equal(plain.status?.observedSourceArtifactRevision, `main@sha1:${commit}`);
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'plain')).includes(
        "Normal ChartPackageSucceeded: packaged 'podinfo' chart with version '6.14.1'",
      ),
    ),
  );
  // the real helm reads the package: same metadata and values as the chart directory
  const data = stored(controller, plain);
  assert.deepEqual(
    (await readChartArchive(data)).map((f) => f.name).sort(),
    treeFiles(PODINFO, '.')
      .map((f) => f.path.slice(2))
      .sort(),
  );
  assert.deepEqual(await helmShow('values', data), parse(readFileSync(join(PODINFO, 'values.yaml'), 'utf8')));
  const chartYaml = (await helmShow('chart', data)) as Record<string, unknown>;
  assert.deepEqual(chartYaml, parse(readFileSync(join(PODINFO, 'Chart.yaml'), 'utf8')));

  const rev = await waitFor(kube, ns, 'revision', 'True');
  assert.equal(rev.status?.artifact?.revision, '6.14.1+4e5cbb7b97d0.1');
  assert.deepEqual(rev.status?.observedValuesFiles, ['charts/podinfo/values.yaml', 'env/prod.yaml']);
  const values = (await helmShow('values', stored(controller, rev))) as {
    replicaCount: number;
    ui: { message: string };
  };
  assert.equal(values.replicaCount, 5);
  assert.equal(values.ui.message, 'from git');
  assert.equal(
    ((await helmShow('chart', stored(controller, rev))) as { version: string }).version,
    '6.14.1+4e5cbb7b97d0.1',
  );

  // a new commit: the Revision chart follows through the GitRepository watch, the plain one keeps its artifact
  const next = 'aaaabbbbccccddddeeeeffff0000111122223333';
  await gitSource(kube, controller, ns, 'repo', [...treeFiles(PODINFO, 'charts/podinfo'), extra], next);
  await waitFor(kube, ns, 'revision', 'True', (x) =>
    assert.equal(x.status?.artifact?.revision, '6.14.1+aaaabbbbcccc.1'),
  );
  const plainAfter = await waitFor(kube, ns, 'plain', 'True', (x) =>
    assert.equal(x.status?.observedSourceArtifactRevision, `main@sha1:${next}`),
  );
  assert.equal(plainAfter.status?.artifact?.digest, plain.status?.artifact?.digest);
});

test('failures: missing source, no artifact yet, unknown chart and version, invalid and hostile charts', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart-fail');
  const server = await startHelmRepository({ charts: [PODINFO] });
  t.after(() => server.stop());

  await create(kube, ns, 'HelmChart', 'no-source', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'absent' },
  });
  const noSource = await waitFor(kube, ns, 'no-source', 'False');
  assert.equal(condition(noSource, 'FetchFailed')?.reason, 'SourceUnavailable');
  assert.equal(
    condition(noSource, 'FetchFailed')?.message,
    'failed to get source: helmrepositories.source.toolkit.fluxcd.io "absent" not found',
  );

  // the GitRepository has no artifact yet: waiting, then packaged once it has one
  await create(kube, ns, 'GitRepository', 'later', { url: 'http://127.0.0.1:1/repo.git' });
  await create(kube, ns, 'HelmChart', 'waiting', {
    chart: 'charts/podinfo',
    sourceRef: { kind: 'GitRepository', name: 'later' },
  });
  const waiting = await waitFor(kube, ns, 'waiting', 'False');
  assert.equal(condition(waiting, 'FetchFailed')?.reason, 'NoSourceArtifact');
  assert.equal(
    condition(waiting, 'FetchFailed')?.message,
    "no artifact available for GitRepository source 'later'",
  );
  await gitSource(kube, controller, ns, 'later', treeFiles(PODINFO, 'charts/podinfo'), 'f'.repeat(40));
  await waitFor(kube, ns, 'waiting', 'True');

  await create(kube, ns, 'HelmRepository', 'repo', { url: server.url });
  await create(kube, ns, 'HelmChart', 'unknown', {
    chart: 'nginx',
    sourceRef: { kind: 'HelmRepository', name: 'repo' },
  });
  const unknown = await waitFor(kube, ns, 'unknown', 'False', (x) => assert.ok(condition(x, 'Stalled')));
  assert.equal(condition(unknown, 'FetchFailed')?.reason, 'InvalidChartReference');
  assert.equal(
    condition(unknown, 'FetchFailed')?.message,
    'invalid chart reference: failed to get chart version for remote reference: no chart name found',
  );
  await create(kube, ns, 'HelmChart', 'no-version', {
    chart: 'podinfo',
    version: '>=99',
    sourceRef: { kind: 'HelmRepository', name: 'repo' },
  });
  const noVersion = await waitFor(kube, ns, 'no-version', 'False', (x) => assert.ok(condition(x, 'Stalled')));
  assert.equal(
    condition(noVersion, 'FetchFailed')?.message,
    "invalid chart reference: failed to get chart version for remote reference: no 'podinfo' chart with version matching '>=99' found",
  );

  // a chart directory that is not there, and a Chart.yaml without a version
  const bad = { path: 'broken/Chart.yaml', data: Buffer.from('apiVersion: v2\nname: broken\n') };
  await gitSource(kube, controller, ns, 'git', [bad], 'e'.repeat(40));
  await create(kube, ns, 'HelmChart', 'missing-dir', {
    chart: 'nothing/here',
    sourceRef: { kind: 'GitRepository', name: 'git' },
  });
  const missing = await waitFor(kube, ns, 'missing-dir', 'False', (x) => assert.ok(condition(x, 'Stalled')));
  assert.equal(condition(missing, 'FetchFailed')?.reason, 'InvalidChartReference');
  await create(kube, ns, 'HelmChart', 'invalid', {
    chart: 'broken',
    sourceRef: { kind: 'GitRepository', name: 'git' },
  });
  const invalid = await waitFor(kube, ns, 'invalid', 'False', (x) => assert.ok(condition(x, 'BuildFailed')));
  assert.equal(condition(invalid, 'BuildFailed')?.reason, 'ChartPackageError');
  assert.match(
    condition(invalid, 'BuildFailed')?.message ?? '',
    /^chart package error: failed to load chart: validation: chart\.metadata\.version is required/,
  );

  // a hostile source artifact: an entry escaping the extraction directory
  const hostileSource = hostileChart();
  const hostileArtifact = await controller.storage.write(
    controller.storage.artifactFor('GitRepository', ns, 'hostile', 'x.tar.gz', `main@sha1:${'a'.repeat(40)}`),
    hostileSource,
  );
  await create(kube, ns, 'GitRepository', 'hostile', { url: 'http://127.0.0.1:1/repo.git' });
  await kube.patchStatus(ref('gitrepositories', ns, 'hostile'), { status: { artifact: hostileArtifact } });
  await create(kube, ns, 'HelmChart', 'from-hostile', {
    chart: 'evil',
    sourceRef: { kind: 'GitRepository', name: 'hostile' },
  });
  const fromHostile = await waitFor(kube, ns, 'from-hostile', 'False', (x) =>
    assert.equal(condition(x, 'Ready')?.reason, 'Failed'),
  );
  assert.match(condition(fromHostile, 'Ready')?.message ?? '', /^artifact untar error: /);
  assert.equal(fromHostile.status?.artifact, undefined);

  // a hostile package in the repository: a path escaping the chart directory
  const evil = hostileChart();
  writeFileSync(join(server.dir, 'evil-1.0.0.tgz'), evil);
  const index = readFileSync(join(server.dir, 'index.yaml'), 'utf8');
  writeFileSync(
    join(server.dir, 'index.yaml'),
    index.replace(
      'entries:\n',
      `entries:\n  evil:\n  - apiVersion: v2\n    name: evil\n    version: 1.0.0\n    urls:\n    - ${server.url}/evil-1.0.0.tgz\n`,
    ),
  );
  await create(kube, ns, 'HelmRepository', 'evil-repo', { url: server.url });
  await create(kube, ns, 'HelmChart', 'evil', {
    chart: 'evil',
    sourceRef: { kind: 'HelmRepository', name: 'evil-repo' },
  });
  const hostile = await waitFor(kube, ns, 'evil', 'False', (x) =>
    assert.equal(condition(x, 'FetchFailed')?.reason, 'ChartPullError'),
  );
  assert.equal(condition(hostile, 'FetchFailed')?.reason, 'ChartPullError');
  assert.match(
    condition(hostile, 'FetchFailed')?.message ?? '',
    /^chart pull error: failed to load chart metadata from written chart: /,
  );
  assert.equal(hostile.status?.artifact, undefined);
});

/** A gzipped tar whose second entry climbs out of the chart directory. */
function hostileChart(): Buffer {
  const entry = (name: string, body: string) => {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const data = Buffer.alloc(Math.ceil(body.length / 512) * 512);
    data.write(body);
    return Buffer.concat([h, data]);
  };
  return gzipSync(
    Buffer.concat([
      entry('evil/Chart.yaml', 'apiVersion: v2\nname: evil\nversion: 1.0.0\n'),
      entry('evil/../../etc/evil.txt', 'owned\n'),
      Buffer.alloc(1024),
    ]),
  );
}

test('a chart pulled from an OCI HelmRepository (pushed with helm push), semver over tags', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart-oci');
  const password = 'oci-registry-pass-7761';
  const registry = await startOciRegistry({ basicAuth: { username: 'flux', password } });
  t.after(() => registry.stop());
  const work = mkdtempSync(join(tmpdir(), 'tsflux-helm-push-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const helm = await helmBinary();
  const env = isolatedHelmEnv(work);
  await run(helm, ['registry', 'login', registry.host, '-u', 'flux', '--password-stdin', '--plain-http'], {
    env,
    input: password,
  });
  const packages: Record<string, string> = {};
  for (const version of ['1.0.0', '1.2.0', '2.0.0-rc.1']) {
    await run(helm, ['package', PODINFO, '--version', version, '--destination', work], { env });
    packages[version] = join(work, `podinfo-${version}.tgz`);
    await run(helm, ['push', packages[version], `oci://${registry.host}/charts`, '--plain-http'], { env });
  }
  await createSecret(kube, ns, 'creds', { username: 'flux', password });
  await create(kube, ns, 'HelmRepository', 'oci', {
    type: 'oci',
    url: `oci://${registry.host}/charts`,
    secretRef: { name: 'creds' },
  });
  await create(kube, ns, 'HelmChart', 'latest', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'oci' },
  });
  await create(kube, ns, 'HelmChart', 'one', {
    chart: 'podinfo',
    version: '~1.0',
    sourceRef: { kind: 'HelmRepository', name: 'oci' },
  });
  const latest = await waitFor(kube, ns, 'latest', 'True');
  assert.equal(latest.status?.artifact?.revision, '1.2.0');
  assert.equal(latest.status?.artifact?.digest, sha256(readFileSync(packages['1.2.0'])));
  assert.equal(condition(latest, 'Ready')?.message, "pulled 'podinfo' chart with version '1.2.0'");
  assert.equal(latest.status?.observedSourceArtifactRevision, undefined);
  const one = await waitFor(kube, ns, 'one', 'True');
  assert.equal(one.status?.artifact?.revision, '1.0.0');

  // a chart packaged from git with a dependency in the registry (credentials of the 'oci' HelmRepository)
  await gitSource(
    kube,
    controller,
    ns,
    'umbrella-src',
    [
      {
        path: 'umbrella/Chart.yaml',
        data: Buffer.from(
          `apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n- name: podinfo\n  version: "~1.0"\n  repository: oci://${registry.host}/charts\n`,
        ),
      },
    ],
    'b'.repeat(40),
  );
  await create(kube, ns, 'HelmChart', 'umbrella', {
    chart: 'umbrella',
    sourceRef: { kind: 'GitRepository', name: 'umbrella-src' },
  });
  const umbrella = await waitFor(kube, ns, 'umbrella', 'True');
  const umbrellaFiles = (await readChartArchive(stored(controller, umbrella))).map((f) => f.name);
  assert.ok(umbrellaFiles.includes('charts/podinfo-1.0.0.tgz'), umbrellaFiles.join(' '));
  const rendered = await run(
    helm,
    ['template', 'rel', controller.storage.localPath({ path: umbrella.status?.artifact?.path ?? '' })],
    {
      env,
    },
  );
  assert.match(rendered, /kind: Deployment\nmetadata:\n {2}name: rel-podinfo\n/);

  await create(kube, ns, 'HelmRepository', 'cloud', {
    type: 'oci',
    url: `oci://${registry.host}/charts`,
    provider: 'aws',
  });
  await create(kube, ns, 'HelmChart', 'cloud', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'cloud' },
  });
  const cloud = await waitFor(kube, ns, 'cloud', 'False', (x) => assert.ok(condition(x, 'FetchFailed')));
  assert.equal(condition(cloud, 'FetchFailed')?.reason, 'AuthenticationFailed');
  assert.match(condition(cloud, 'FetchFailed')?.message ?? '', /^failed to get credential from 'aws': /);

  await create(kube, ns, 'HelmChart', 'verified', {
    chart: 'podinfo',
    verify: { provider: 'cosign' },
    sourceRef: { kind: 'HelmRepository', name: 'oci' },
  });
  const verified = await waitFor(kube, ns, 'verified', 'False', (x) => assert.ok(condition(x, 'Stalled')));
  assert.equal(condition(verified, 'SourceVerified')?.status, 'False');
  assert.equal(condition(verified, 'SourceVerified')?.reason, 'VerificationError');
  assert.match(
    condition(verified, 'Ready')?.message ?? '',
    /^failed to verify the signature using provider 'cosign keyless': /,
  );
  assert.equal(verified.status?.artifact, undefined);

  await create(kube, ns, 'HelmChart', 'missing', {
    chart: 'nginx',
    sourceRef: { kind: 'HelmRepository', name: 'oci' },
  });
  const missing = await waitFor(kube, ns, 'missing', 'False', (x) =>
    assert.equal(condition(x, 'FetchFailed')?.reason, 'ChartPullError'),
  );
  assert.equal(condition(missing, 'FetchFailed')?.reason, 'ChartPullError');
  const everything = [
    ...controller.logs,
    ...(await eventsOf(kube, ns, 'latest')),
    JSON.stringify(missing.status),
  ].join('\n');
  assert.ok(!everything.includes(password));
});

test('credentials reach a chart host other than the repository only with passCredentials', async (t) => {
  const { kube, ns } = await setup(t, 'helmchart-pass');
  const auth = { username: 'flux', password: 'shared-pass-credentials-3344' };
  const charts = await startHelmRepository({ charts: [PODINFO], basicAuth: auth });
  t.after(() => charts.stop());
  const index = await startHelmRepository({ charts: [], basicAuth: auth });
  t.after(() => index.stop());
  // the index of the second server points at the packages of the first (an absolute URL)
  writeFileSync(join(index.dir, 'index.yaml'), readFileSync(join(charts.dir, 'index.yaml')));
  await createSecret(kube, ns, 'auth', auth);
  await create(kube, ns, 'HelmRepository', 'strict', { url: index.url, secretRef: { name: 'auth' } });
  await create(kube, ns, 'HelmRepository', 'passing', {
    url: index.url,
    secretRef: { name: 'auth' },
    passCredentials: true,
  });
  await create(kube, ns, 'HelmChart', 'strict', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'strict' },
  });
  await create(kube, ns, 'HelmChart', 'passing', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'passing' },
  });
  const passing = await waitFor(kube, ns, 'passing', 'True');
  assert.equal(
    passing.status?.artifact?.digest,
    sha256(readFileSync(join(charts.dir, 'podinfo-6.14.1.tgz'))),
  );
  const strict = await waitFor(kube, ns, 'strict', 'False', (x) =>
    assert.equal(condition(x, 'FetchFailed')?.reason, 'ChartPullError'),
  );
  assert.equal(condition(strict, 'FetchFailed')?.reason, 'ChartPullError');
  assert.equal(
    condition(strict, 'FetchFailed')?.message,
    `chart pull error: failed to download chart for remote reference: failed to fetch ${charts.url}/podinfo-6.14.1.tgz : 401 Unauthorized`,
  );
});

test('a chart packaged from a Bucket artifact takes 12 hex characters of its digest with Revision', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart-bucket');
  const files = treeFiles(PODINFO, 'podinfo');
  const data = await createTarGz(files);
  const revision = sha256(data);
  const artifact = await controller.storage.write(
    controller.storage.artifactFor('Bucket', ns, 'bucket', `${revision.slice(7)}.tar.gz`, revision),
    data,
  );
  await kube.create(ref('buckets', ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'Bucket',
    metadata: { name: 'bucket', namespace: ns },
    spec: { interval: '10m', bucketName: 'charts', endpoint: '127.0.0.1:1' },
  });
  await kube.patchStatus(ref('buckets', ns, 'bucket'), { status: { artifact } });
  await create(kube, ns, 'HelmChart', 'from-bucket', {
    chart: 'podinfo',
    reconcileStrategy: 'Revision',
    sourceRef: { kind: 'Bucket', name: 'bucket' },
  });
  const o = await waitFor(kube, ns, 'from-bucket', 'True');
  assert.equal(o.status?.artifact?.revision, `6.14.1+${revision.slice(7, 19)}`);
  assert.equal(o.status?.observedSourceArtifactRevision, revision);
  assert.equal(
    ((await helmShow('chart', stored(controller, o))) as { version: string }).version,
    `6.14.1+${revision.slice(7, 19)}`,
  );
});

test('missing dependencies of a packaged chart come from the source (file://) and from a HelmRepository', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart-deps');
  const auth = { username: 'flux', password: 'dependency-repo-pass-9090' };
  const server = await startHelmRepository({ charts: [PODINFO], basicAuth: auth });
  t.after(() => server.stop());
  await createSecret(kube, ns, 'auth', auth);
  await create(kube, ns, 'HelmRepository', 'deps', { url: server.url, secretRef: { name: 'auth' } });
  await waitFor(kube, ns, 'deps', 'True', () => {}, 'helmrepositories');
  const text = (path: string, body: string) => ({ path, data: Buffer.from(body) });
  await gitSource(
    kube,
    controller,
    ns,
    'repo',
    [
      text(
        'charts/app/Chart.yaml',
        `apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: lib\n  version: 0.1.x\n  repository: file://../lib\n- name: podinfo\n  version: ">=6"\n  repository: ${server.url}\n`,
      ),
      text('charts/app/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n'),
      text('charts/lib/Chart.yaml', 'apiVersion: v2\nname: lib\nversion: 0.1.2\n'),
      text('charts/lib/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lib\n'),
    ],
    'd'.repeat(40),
  );
  await create(kube, ns, 'HelmChart', 'app', {
    chart: 'charts/app',
    sourceRef: { kind: 'GitRepository', name: 'repo' },
  });
  const o = await waitFor(kube, ns, 'app', 'True');
  assert.equal(o.status?.artifact?.revision, '1.0.0');
  // the real helm renders the package with both dependencies
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-deps-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'app.tgz'), stored(controller, o));
  const rendered = await run(await helmBinary(), ['template', 'rel', join(dir, 'app.tgz')], {
    env: isolatedHelmEnv(dir),
  });
  assert.match(rendered, /name: app\n/);
  assert.match(rendered, /name: lib\n/);
  assert.match(rendered, /kind: Deployment\nmetadata:\n {2}name: rel-podinfo\n/);

  // a dependency that cannot be found is a BuildFailed dependency error
  await gitSource(
    kube,
    controller,
    ns,
    'broken',
    [
      text(
        'charts/app/Chart.yaml',
        'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: gone\n  repository: file://../gone\n',
      ),
    ],
    'c'.repeat(40),
  );
  await create(kube, ns, 'HelmChart', 'broken', {
    chart: 'charts/app',
    sourceRef: { kind: 'GitRepository', name: 'broken' },
  });
  const broken = await waitFor(kube, ns, 'broken', 'False', (x) => assert.ok(condition(x, 'BuildFailed')));
  assert.equal(condition(broken, 'BuildFailed')?.reason, 'DependencyBuildError');
  assert.equal(
    condition(broken, 'BuildFailed')?.message,
    "dependency build error: failed to add local dependency 'gone': no chart found at 'charts/gone'",
  );
  assert.ok(!controller.logs.join('\n').includes(auth.password));
});

test('an OCI chart over TLS with a docker config Secret and certSecretRef', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmchart-oci-tls');
  const password = 'oci-tls-registry-pass-6644';
  const registry = await startOciRegistry({ basicAuth: { username: 'flux', password }, tls: {} });
  t.after(() => registry.stop());
  assert.ok(registry.tls);
  const work = mkdtempSync(join(tmpdir(), 'tsflux-helm-push-tls-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  writeFileSync(join(work, 'ca.pem'), registry.tls.ca);
  const helm = await helmBinary();
  const env = isolatedHelmEnv(work);
  const ca = ['--ca-file', join(work, 'ca.pem')];
  await run(helm, ['registry', 'login', registry.host, '-u', 'flux', '--password-stdin', ...ca], {
    env,
    input: password,
  });
  await run(helm, ['package', PODINFO, '--destination', work], { env });
  await run(helm, ['push', join(work, 'podinfo-6.14.1.tgz'), `oci://${registry.host}/charts`, ...ca], {
    env,
  });
  const auth = Buffer.from(`flux:${password}`).toString('base64');
  await createSecret(
    kube,
    ns,
    'docker',
    { '.dockerconfigjson': JSON.stringify({ auths: { [registry.host]: { auth } } }) },
    'kubernetes.io/dockerconfigjson',
  );
  await createSecret(kube, ns, 'ca', { 'ca.crt': registry.tls.ca });
  await create(kube, ns, 'HelmRepository', 'oci', {
    type: 'oci',
    url: `oci://${registry.host}/charts`,
    secretRef: { name: 'docker' },
    certSecretRef: { name: 'ca' },
  });
  await create(kube, ns, 'HelmChart', 'podinfo', {
    chart: 'podinfo',
    sourceRef: { kind: 'HelmRepository', name: 'oci' },
  });
  const o = await waitFor(kube, ns, 'podinfo', 'True');
  assert.equal(o.status?.artifact?.revision, '6.14.1');
  assert.equal(o.status?.artifact?.digest, sha256(readFileSync(join(work, 'podinfo-6.14.1.tgz'))));
  const everything = [
    ...controller.logs,
    ...(await eventsOf(kube, ns, 'podinfo')),
    JSON.stringify(o.status),
  ].join('\n');
  assert.ok(!everything.includes(password));
  assert.ok(!everything.includes(auth));
});
