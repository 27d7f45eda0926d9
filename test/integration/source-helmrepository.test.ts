// HelmRepository (type default) against the real Helm repository server of test/servers, charts
// packaged and indexed by the real helm: the stored index, its revision (sha256 of the served
// index.yaml), the no-op interval, basic auth and TLS from Secrets, and Flux's failures. The
// static OCI type is left alone as in Flux 2.9.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { parse } from 'yaml';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { startHelmRepository } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  createSecret,
  eventsOf,
  startTestSourceController,
  waitForSourceReady,
} from '../support/source-controller.ts';

const CHARTS = join(import.meta.dirname, '../../../shared/fixtures/charts');
const PODINFO = join(CHARTS, 'podinfo');

type Condition = { type: string; status: string; reason: string; message: string };
type HelmRepo = KubeObject & {
  status?: {
    artifact?: { revision: string; digest: string; url: string; path: string; size?: number };
    conditions?: Condition[];
    url?: string;
    observedGeneration?: number;
  };
};

const ref = (namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'helmrepositories',
  namespace,
  name,
});

async function createRepo(kube: KubeClient, ns: string, name: string, spec: Record<string, unknown>) {
  await kube.create(ref(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name, namespace: ns },
    spec: { interval: '10m', ...spec },
  });
}

const condition = (o: HelmRepo, type: string) => o.status?.conditions?.find((c) => c.type === type);

async function waitFor(
  kube: KubeClient,
  ns: string,
  name: string,
  status: 'True' | 'False',
  check: (o: HelmRepo) => void = () => {},
): Promise<HelmRepo> {
  return waitForSourceReady<HelmRepo>(kube, ref(ns, name), status, { check, checkGeneration: false });
}

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function setup(t: TestContext, prefix: string) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, prefix);
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['HelmRepository'] });
  return { kube, ns, controller };
}

test('an HTTP repository index is stored as JSON with the served index digest as revision', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmrepo');
  const server = await startHelmRepository({ charts: [PODINFO, { dir: PODINFO, version: '6.0.0' }] });
  t.after(() => server.stop());
  await createRepo(kube, ns, 'podinfo', { url: server.url });
  const served = readFileSync(join(server.dir, 'index.yaml'));
  const o = await waitFor(kube, ns, 'podinfo', 'True');
  const a = o.status?.artifact;
  assert.ok(a);
  assert.equal(a.revision, sha256(served));
  assert.equal(a.path, `helmrepository/${ns}/podinfo/index-${a.revision.slice(7)}.yaml`);
  assert.equal(condition(o, 'Ready')?.message, `stored artifact: revision '${a.revision}'`);
  assert.equal(condition(o, 'ArtifactInStorage')?.reason, 'Succeeded');
  assert.equal(
    o.status?.url,
    `http://localhost:${controller.storagePort}/helmrepository/${ns}/podinfo/index.yaml`,
  );
  // the stored artifact is Helm's index as JSON, versions newest first, and the URL serves it
  const stored = await (await fetch(a.url)).text();
  assert.equal(sha256(Buffer.from(stored)), a.digest);
  const json = JSON.parse(stored);
  assert.equal(json.apiVersion, 'v1');
  assert.deepEqual(
    json.entries.podinfo.map((v: { version: string }) => v.version),
    ['6.14.1', '6.0.0'],
  );
  assert.equal(json.entries.podinfo[0].urls[0], `${server.url}/podinfo-6.14.1.tgz`);
  assert.equal(await (await fetch(o.status?.url ?? '')).text(), stored);
  const size = statSync(controller.storage.localPath(a)).size;
  assert.equal(a.size, size);
  await eventually(async () => {
    const events = await eventsOf(kube, ns, 'podinfo');
    assert.ok(
      events.some((e) =>
        /^Normal NewArtifact: stored fetched index of size [\d.]+kB from 'http:\/\/127\.0\.0\.1:\d+\/'$/.test(
          e,
        ),
      ),
      events.join('\n'),
    );
  });

  // no-op: the same index is fetched again, nothing is written
  const mtime = statSync(controller.storage.localPath(a)).mtimeMs;
  const fetchesBefore = server.requests.filter((r) => r.path === '/index.yaml').length;
  await kube.mergePatch(ref(ns, 'podinfo'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now-1' } },
  });
  const again = await waitFor(kube, ns, 'podinfo', 'True', (x) => {
    assert.equal((x.status as { lastHandledReconcileAt?: string })?.lastHandledReconcileAt, 'now-1');
  });
  assert.ok(server.requests.filter((r) => r.path === '/index.yaml').length > fetchesBefore);
  assert.deepEqual(again.status?.artifact, a);
  assert.equal(statSync(controller.storage.localPath(a)).mtimeMs, mtime);

  // a new chart version changes the index: a new artifact
  await server.addChart({ dir: PODINFO, version: '7.0.0' });
  await kube.mergePatch(ref(ns, 'podinfo'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now-2' } },
  });
  const next = await waitFor(kube, ns, 'podinfo', 'True', (x) =>
    assert.equal(x.status?.artifact?.revision, sha256(readFileSync(join(server.dir, 'index.yaml')))),
  );
  assert.notEqual(next.status?.artifact?.revision, a.revision);
  const nextJson = parse(await (await fetch(next.status?.url ?? '')).text());
  assert.equal(nextJson.entries.podinfo[0].version, '7.0.0');

  // a broken index later: the previous artifact is still served and described as Flux does
  writeFileSync(join(server.dir, 'index.yaml'), 'apiVersion: v1\nentries: [\n');
  await kube.mergePatch(ref(ns, 'podinfo'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now-3' } },
  });
  const broken = await waitFor(kube, ns, 'podinfo', 'False');
  assert.equal(condition(broken, 'FetchFailed')?.reason, 'IndexationFailed');
  assert.deepEqual(broken.status?.artifact, next.status?.artifact);
  assert.equal(
    condition(broken, 'ArtifactInStorage')?.message,
    `stored artifact: revision '${next.status?.artifact?.revision}'`,
  );
});

test('a path URL, basic auth from secretRef and TLS from certSecretRef reach the repository', async (t) => {
  const { kube, ns, controller } = await setup(t, 'helmrepo-auth');
  const password = 'helm-secret-password-8123';
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
  await createRepo(kube, ns, 'secure', {
    url: `${server.url}/charts/`,
    secretRef: { name: 'auth' },
    certSecretRef: { name: 'tls' },
  });
  const o = await waitFor(kube, ns, 'secure', 'True');
  assert.equal(o.status?.artifact?.revision, sha256(readFileSync(join(server.dir, 'index.yaml'))));
  assert.ok(server.requests.some((r) => r.path === '/charts/index.yaml'));

  // legacy keys in secretRef (deprecated) still work
  await createSecret(kube, ns, 'legacy', {
    username: 'flux',
    password,
    caFile: tls.ca,
    certFile: tls.client.cert,
    keyFile: tls.client.key,
  });
  await createRepo(kube, ns, 'legacy', { url: server.url, secretRef: { name: 'legacy' } });
  await waitFor(kube, ns, 'legacy', 'True');

  // wrong password: the 401 is a fetch failure
  await createSecret(kube, ns, 'wrong', { username: 'flux', password: 'not-the-password-4411' });
  await createRepo(kube, ns, 'denied', {
    url: server.url,
    secretRef: { name: 'wrong' },
    certSecretRef: { name: 'tls' },
  });
  const denied = await waitFor(kube, ns, 'denied', 'False', (x) =>
    assert.equal(condition(x, 'FetchFailed')?.status, 'True'),
  );
  const failed = condition(denied, 'FetchFailed');
  assert.equal(failed?.reason, 'Failed');
  assert.equal(
    failed?.message,
    `failed to fetch Helm repository index: failed to cache index to temporary file: failed to fetch ${server.url}/index.yaml : 401 Unauthorized`,
  );
  assert.equal(condition(denied, 'Ready')?.reason, 'Failed');

  // no CA: the server certificate is refused
  // (`insecure` is for OCI registries only: it does not turn certificate checks off)
  await createRepo(kube, ns, 'untrusted', { url: server.url, secretRef: { name: 'auth' }, insecure: true });
  const untrusted = await waitFor(kube, ns, 'untrusted', 'False');
  assert.match(
    condition(untrusted, 'FetchFailed')?.message ?? '',
    /failed to fetch Helm repository index: .*certificate/,
  );

  // no secret value leaks into logs, events or conditions
  const everything = [
    ...controller.logs,
    ...(await eventsOf(kube, ns, 'secure')),
    ...(await eventsOf(kube, ns, 'denied')),
    JSON.stringify(denied.status),
    JSON.stringify(o.status),
  ].join('\n');
  for (const secret of [password, 'not-the-password-4411', tls.client.key.split('\n')[1]])
    assert.ok(!everything.includes(secret), `leaked ${secret.slice(0, 8)}...`);
});

test('failures: unreachable, invalid URL, oci scheme, malformed and oversized index, missing secret', async (t) => {
  const { kube, ns } = await setup(t, 'helmrepo-fail');
  const server = await startHelmRepository({ charts: [] });
  t.after(() => server.stop());

  await createRepo(kube, ns, 'unreachable', { url: 'http://127.0.0.1:1/charts' });
  const unreachable = await waitFor(kube, ns, 'unreachable', 'False');
  assert.equal(condition(unreachable, 'FetchFailed')?.reason, 'Failed');
  assert.match(
    condition(unreachable, 'FetchFailed')?.message ?? '',
    /^failed to fetch Helm repository index: failed to cache index to temporary file: Get "http:\/\/127\.0\.0\.1:1\/charts\/index\.yaml": .*ECONNREFUSED/,
  );

  await createRepo(kube, ns, 'oci-scheme', { url: 'oci://127.0.0.1:5000/charts', type: 'default' });
  const oci = await waitFor(kube, ns, 'oci-scheme', 'False');
  assert.equal(condition(oci, 'Stalled')?.reason, 'URLInvalid');
  assert.equal(
    condition(oci, 'FetchFailed')?.message,
    "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default' HelmRepository type",
  );

  await createRepo(kube, ns, 'bad-url', { url: 'http://' });
  const bad = await waitFor(kube, ns, 'bad-url', 'False');
  assert.equal(condition(bad, 'Stalled')?.reason, 'URLInvalid');

  // an index without apiVersion is not an index
  writeFileSync(join(server.dir, 'index.yaml'), 'entries: {}\n');
  await createRepo(kube, ns, 'malformed', { url: server.url });
  const malformed = await waitFor(kube, ns, 'malformed', 'False');
  assert.equal(condition(malformed, 'FetchFailed')?.reason, 'IndexationFailed');
  assert.equal(
    condition(malformed, 'FetchFailed')?.message,
    'failed to load Helm repository from index YAML: failed to load index: no API version specified',
  );

  // more than 50 MiB is refused while streaming
  writeFileSync(join(server.dir, 'index.yaml'), Buffer.alloc(50 * 1024 * 1024 + 10, 0x23));
  await createRepo(kube, ns, 'oversized', { url: server.url });
  const oversized = await waitFor(kube, ns, 'oversized', 'False');
  assert.equal(
    condition(oversized, 'FetchFailed')?.message,
    'failed to fetch Helm repository index: failed to cache index to temporary file: index exceeds the maximum index file size of 52428800 bytes',
  );

  await createRepo(kube, ns, 'no-secret', { url: server.url, secretRef: { name: 'absent' } });
  const noSecret = await waitFor(kube, ns, 'no-secret', 'False');
  assert.equal(condition(noSecret, 'FetchFailed')?.reason, 'AuthenticationFailed');
  assert.equal(
    condition(noSecret, 'FetchFailed')?.message,
    `failed to get authentication secret '${ns}/absent': secrets "absent" not found`,
  );
});

test('an OCI HelmRepository is static: no finalizer, no status, no artifact', async (t) => {
  const { kube, ns } = await setup(t, 'helmrepo-oci');
  await createRepo(kube, ns, 'oci', { url: 'oci://127.0.0.1:5000/charts', type: 'oci' });
  // a default one created after it is reconciled, so the controller has seen the OCI one by then
  const server = await startHelmRepository({ charts: [] });
  t.after(() => server.stop());
  // without an interval (optional for HelmRepository) it is reconciled once, not periodically
  await createRepo(kube, ns, 'after', { url: server.url, interval: undefined });
  await waitFor(kube, ns, 'after', 'True');
  const o = await kube.get<HelmRepo>(ref(ns, 'oci'));
  assert.equal(o.metadata?.finalizers, undefined);
  assert.equal(o.status?.conditions, undefined);
  assert.equal(o.status?.artifact, undefined);
});
