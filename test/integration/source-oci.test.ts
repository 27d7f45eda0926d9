// OCIRepository against the real CNCF distribution registry (test/servers): tag, semver and digest
// refs, the no-op interval (counted by a proxy in front of the registry), new pushes, layer
// selection, ignore rules, and every failure Flux names, with the previous artifact kept.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createTarGz, readTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { pushArtifact, RegistryClient } from '../../src/runtime/oci/index.ts';
import { pushArtifact as pushRawArtifact, registryRequest, startOciRegistry } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import { eventsOf, startTestSourceController, waitForSourceReady } from '../support/source-controller.ts';

type Condition = { type: string; status: string; reason: string; message: string };
type OciRepo = KubeObject & {
  status?: {
    artifact?: {
      revision: string;
      digest: string;
      url: string;
      path: string;
      metadata?: Record<string, string>;
    };
    conditions?: Condition[];
    observedIgnore?: string;
    observedLayerSelector?: { mediaType?: string; operation?: string };
    observedGeneration?: number;
    url?: string;
  };
};

const ref = (namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'ocirepositories',
  namespace,
  name,
});

async function createRepo(kube: KubeClient, ns: string, name: string, spec: Record<string, unknown>) {
  await kube.create(ref(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { name, namespace: ns },
    spec: { interval: '10m', ...spec },
  });
}

const condition = (o: OciRepo, type: string) => o.status?.conditions?.find((c) => c.type === type);

/** Waits until the object's Ready condition has `status` (and `check` passes), returning it. */
async function waitFor(
  kube: KubeClient,
  ns: string,
  name: string,
  status: 'True' | 'False',
  check: (o: OciRepo) => void = () => {},
): Promise<OciRepo> {
  return waitForSourceReady<OciRepo>(kube, ref(ns, name), status, { check });
}

/** A transparent proxy in front of the registry counting manifest and blob requests. */
async function startCountingProxy(t: TestContext, targetPort: number) {
  const seen: { method: string; path: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const count = (method: string, re: RegExp) =>
    seen.filter((s) => s.method === method && re.test(s.path)).length;
  return {
    port: (server.address() as AddressInfo).port,
    manifestHeads: () => count('HEAD', /\/manifests\//),
    manifestGets: () => count('GET', /\/manifests\//),
    blobGets: () => count('GET', /\/blobs\//),
  };
}

const tgz = (files: Record<string, string>) =>
  createTarGz(Object.entries(files).map(([path, text]) => ({ path, data: Buffer.from(text) })));

/** A tar.gz with one entry named `name`, which the project's own writer would never produce. */
function hostileTarGz(name: string): Buffer {
  const data = Buffer.from('kind: ConfigMap\n');
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.concat([data, Buffer.alloc(512 - data.length)]);
  return gzipSync(Buffer.concat([h, body, Buffer.alloc(1024)]));
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return Buffer.from(await res.arrayBuffer());
}

const filesOf = async (data: Buffer) =>
  Object.fromEntries(
    (await readTarGz(data))
      .filter((e) => e.type === 'file')
      .map((e) => [e.path, Buffer.from((e as { data: Uint8Array }).data).toString()]),
  );

async function setup(t: TestContext) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'oci');
  const registry = await startOciRegistry();
  t.after(() => registry.stop());
  const client = new RegistryClient(registry.host, { insecure: true });
  t.after(() => client.close());
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['OCIRepository'] });
  return { kube, ns, registry, client, controller };
}

test('tag ref: pushed artifact becomes Ready, the interval is a HEAD only, a new push is a new artifact', async (t) => {
  const { kube, ns, registry, client } = await setup(t);
  const proxy = await startCountingProxy(t, registry.port);
  const origin = {
    source: 'https://git.example/org/app.git',
    revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
  };
  const first = await pushArtifact(
    client,
    'team/app',
    'latest',
    await tgz({ 'app.yaml': 'kind: ConfigMap\n' }),
    origin,
  );
  const url = `oci://127.0.0.1:${proxy.port}/team/app`;
  // no `insecure`: a loopback registry is reached over plain HTTP after HTTPS fails, as in Flux
  await createRepo(kube, ns, 'app', { url, interval: '2s' });

  const ready = await waitFor(kube, ns, 'app', 'True');
  const revision = `latest@${first.digest}`;
  const artifact = ready.status?.artifact;
  assert.equal(artifact?.revision, revision);
  assert.equal(artifact?.path, `ocirepository/${ns}/app/${first.digest}.tar.gz`);
  assert.equal(condition(ready, 'Ready')?.message, `stored artifact for digest '${revision}'`);
  assert.equal(condition(ready, 'ArtifactInStorage')?.message, `stored artifact for digest '${revision}'`);
  assert.deepEqual(artifact?.metadata, first.manifest.annotations);
  assert.equal(artifact?.metadata?.['org.opencontainers.image.source'], origin.source);
  assert.deepEqual(await filesOf(await download(artifact!.url)), { 'app.yaml': 'kind: ConfigMap\n' });
  // status.url names the latest artifact under a stable name
  assert.match(ready.status?.url ?? '', new RegExp(`/ocirepository/${ns}/app/latest\\.tar\\.gz$`));
  assert.deepEqual(await download(ready.status!.url!), await download(artifact!.url));
  const events = await eventsOf(kube, ns, 'app');
  assert.ok(
    events.includes(
      `Normal NewArtifact: stored artifact with revision '${revision}' from '${url}', origin source '${origin.source}', origin revision '${origin.revision}'`,
    ),
    events.join('\n'),
  );

  // no-op intervals: the manifest is checked with HEAD, no blob is downloaded, no status written
  // (one interval passes first, so the controller's cache surely holds the stored status)
  const settled = proxy.manifestHeads();
  await eventually(() => assert.ok(proxy.manifestHeads() > settled), { timeoutMs: 20_000 });
  const blobs = proxy.blobGets();
  const heads = proxy.manifestHeads();
  const gets = proxy.manifestGets();
  const rv = (await kube.get<OciRepo>(ref(ns, 'app'))).metadata?.resourceVersion;
  await eventually(() => assert.ok(proxy.manifestHeads() >= heads + 2, `HEADs ${proxy.manifestHeads()}`), {
    timeoutMs: 20_000,
  });
  assert.equal(proxy.blobGets(), blobs);
  assert.equal(proxy.manifestGets(), gets);
  assert.equal((await kube.get<OciRepo>(ref(ns, 'app'))).metadata?.resourceVersion, rv);

  const second = await pushArtifact(
    client,
    'team/app',
    'latest',
    await tgz({ 'app.yaml': 'kind: Secret\n' }),
    origin,
  );
  const updated = await waitFor(kube, ns, 'app', 'True', (o) =>
    assert.equal(o.status?.artifact?.revision, `latest@${second.digest}`),
  );
  assert.deepEqual(await filesOf(await download(updated.status!.artifact!.url)), {
    'app.yaml': 'kind: Secret\n',
  });
  assert.equal(updated.status?.url, ready.status?.url);
  assert.deepEqual(await filesOf(await download(updated.status!.url!)), { 'app.yaml': 'kind: Secret\n' });
  assert.ok(proxy.blobGets() > blobs);
  await eventually(async () => {
    const events = await eventsOf(kube, ns, 'app');
    assert.ok(
      events.some((e) =>
        e.startsWith(`Normal NewArtifact: stored artifact with revision 'latest@${second.digest}'`),
      ),
      events.join('\n'),
    );
  });
});

test('semver (with semverFilter) picks the highest match; digest wins over tag; no match fails', async (t) => {
  const { kube, ns, registry, client } = await setup(t);
  const digests: Record<string, string> = {};
  for (const tag of ['1.0.0', '1.1.0', 'v1.2.0', '2.0.0-rc.1', 'latest'])
    digests[tag] = (await pushArtifact(client, 'charts/app', tag, await tgz({ 'version.txt': tag }))).digest;
  // the registry pages tag lists with Link headers; every page is read
  assert.deepEqual(await client.listTags('charts/app', 2), [
    '1.0.0',
    '1.1.0',
    '2.0.0-rc.1',
    'latest',
    'v1.2.0',
  ]);
  const url = `oci://${registry.host}/charts/app`;
  await createRepo(kube, ns, 'range', {
    url,
    insecure: true,
    ref: { semver: '>=1.0.0 <2.0.0', tag: 'latest' },
  });
  await createRepo(kube, ns, 'filtered', {
    url,
    insecure: true,
    ref: { semver: '1.x', semverFilter: '^1\\.' },
  });
  await createRepo(kube, ns, 'pinned', {
    url,
    insecure: true,
    ref: { digest: digests['1.0.0'], tag: 'latest' },
  });
  await createRepo(kube, ns, 'nomatch', { url, insecure: true, ref: { semver: '>=3.0.0' } });

  const range = await waitFor(kube, ns, 'range', 'True');
  assert.equal(range.status?.artifact?.revision, `v1.2.0@${digests['v1.2.0']}`);
  const filtered = await waitFor(kube, ns, 'filtered', 'True');
  assert.equal(filtered.status?.artifact?.revision, `1.1.0@${digests['1.1.0']}`);
  const pinned = await waitFor(kube, ns, 'pinned', 'True');
  assert.equal(pinned.status?.artifact?.revision, digests['1.0.0']);
  assert.deepEqual(await filesOf(await download(pinned.status!.artifact!.url)), { 'version.txt': '1.0.0' });

  const nomatch = await waitFor(kube, ns, 'nomatch', 'False');
  const message = `failed to determine the artifact tag for '${url}': no match found for semver: >=3.0.0`;
  assert.deepEqual(
    { reason: condition(nomatch, 'Ready')?.reason, message: condition(nomatch, 'Ready')?.message },
    { reason: 'ReadOperationFailed', message },
  );
  assert.equal(condition(nomatch, 'FetchFailed')?.status, 'True');
  await eventually(async () =>
    assert.ok((await eventsOf(kube, ns, 'nomatch')).includes(`Warning ReadOperationFailed: ${message}`)),
  );
});

test('layerSelector extract with ignore, copy of another layer, and a missing media type', async (t) => {
  const { kube, ns, registry } = await setup(t);
  const manifests = await tgz({
    'deploy/app.yaml': 'kind: ConfigMap\n',
    'deploy/secret.yaml': 'kind: Secret\n',
  });
  const chart = Buffer.from('opaque layer bytes, stored as they are');
  const chartType = 'application/vnd.example.chart.content.v1.tar+gzip';
  await pushRawArtifact(registry.url, 'multi/app', 'v1', {
    layers: [
      { mediaType: 'application/vnd.cncf.flux.content.v1.tar+gzip', data: manifests },
      { mediaType: chartType, data: chart },
    ],
  });
  const url = `oci://${registry.host}/multi/app`;
  await createRepo(kube, ns, 'extract', { url, insecure: true, ref: { tag: 'v1' }, ignore: 'secret.yaml' });
  await createRepo(kube, ns, 'copy', {
    url,
    insecure: true,
    ref: { tag: 'v1' },
    layerSelector: { mediaType: chartType, operation: 'copy' },
  });
  await createRepo(kube, ns, 'missing', {
    url,
    insecure: true,
    ref: { tag: 'v1' },
    layerSelector: { mediaType: 'application/x-nothing' },
  });

  const extract = await waitFor(kube, ns, 'extract', 'True');
  assert.deepEqual(await filesOf(await download(extract.status!.artifact!.url)), {
    'deploy/app.yaml': 'kind: ConfigMap\n',
  });
  assert.equal(extract.status?.observedIgnore, 'secret.yaml');
  assert.equal(extract.status?.observedLayerSelector, undefined);

  const copy = await waitFor(kube, ns, 'copy', 'True');
  assert.deepEqual(await download(copy.status!.artifact!.url), chart);
  assert.deepEqual(copy.status?.observedLayerSelector, { mediaType: chartType, operation: 'copy' });

  const missing = await waitFor(kube, ns, 'missing', 'False');
  assert.equal(condition(missing, 'Ready')?.reason, 'OCIArtifactLayerOperationFailed');
  assert.equal(
    condition(missing, 'FetchFailed')?.message,
    "failed to find layer with media type 'application/x-nothing' in artifact",
  );

  // a new ignore rule rebuilds the artifact from the same revision
  const before = extract.status!.artifact!;
  await kube.mergePatch(ref(ns, 'extract'), { spec: { ignore: 'secret.yaml\nnothing-else' } });
  const rebuilt = await waitFor(kube, ns, 'extract', 'True', (o) =>
    assert.equal(o.status?.observedIgnore, 'secret.yaml\nnothing-else'),
  );
  assert.equal(rebuilt.status?.artifact?.revision, before.revision);
});

test('failures: hostile layer keeps the previous artifact; unknown tag, unreachable host, bad URL, verify, cloud provider', async (t) => {
  const { kube, ns, registry, client } = await setup(t);
  const good = await pushArtifact(client, 'team/app', 'v1', await tgz({ 'app.yaml': 'kind: ConfigMap\n' }));
  const url = `oci://${registry.host}/team/app`;
  await createRepo(kube, ns, 'hostile', { url, insecure: true, ref: { tag: 'v1' }, interval: '2s' });
  const ok = await waitFor(kube, ns, 'hostile', 'True');
  assert.equal(ok.status?.artifact?.revision, `v1@${good.digest}`);

  const evil = await pushArtifact(client, 'team/app', 'v1', hostileTarGz('../evil.yaml'));
  const failed = await waitFor(kube, ns, 'hostile', 'False');
  assert.equal(condition(failed, 'Ready')?.reason, 'OCIArtifactLayerOperationFailed');
  assert.equal(
    condition(failed, 'FetchFailed')?.message,
    "failed to extract layer contents from artifact: archive entry '../evil.yaml' points outside the root with '..'",
  );
  assert.equal(condition(failed, 'ArtifactOutdated')?.reason, 'NewRevision');
  assert.equal(
    condition(failed, 'ArtifactOutdated')?.message,
    `new revision 'v1@${evil.digest}' for '${registry.host}/team/app:v1'`,
  );
  assert.equal(failed.status?.artifact?.revision, `v1@${good.digest}`);
  assert.deepEqual(await filesOf(await download(failed.status!.artifact!.url)), {
    'app.yaml': 'kind: ConfigMap\n',
  });
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'hostile')).some((e) =>
        e.startsWith('Warning OCIArtifactLayerOperationFailed:'),
      ),
    ),
  );

  await createRepo(kube, ns, 'unknown', { url, insecure: true, ref: { tag: 'nope' } });
  const unknown = await waitFor(kube, ns, 'unknown', 'False');
  assert.equal(condition(unknown, 'Ready')?.reason, 'OCIArtifactPullFailed');
  assert.match(
    condition(unknown, 'FetchFailed')?.message ?? '',
    /^failed to determine artifact digest: .*MANIFEST_UNKNOWN/,
  );

  await createRepo(kube, ns, 'unreachable', { url: 'oci://127.0.0.1:1/team/app', insecure: true });
  const unreachable = await waitFor(kube, ns, 'unreachable', 'False');
  assert.equal(condition(unreachable, 'Ready')?.reason, 'OCIArtifactPullFailed');
  assert.match(
    condition(unreachable, 'Ready')?.message ?? '',
    /^failed to determine artifact digest: .*ECONNREFUSED/,
  );

  await createRepo(kube, ns, 'badurl', { url: `oci://${registry.host}/team/app:v1` });
  const badurl = await waitFor(kube, ns, 'badurl', 'False');
  assert.equal(condition(badurl, 'Stalled')?.status, 'True');
  assert.equal(condition(badurl, 'Stalled')?.reason, 'URLInvalid');
  assert.equal(
    condition(badurl, 'Ready')?.message,
    `URL validation failed for 'oci://${registry.host}/team/app:v1': URL must not contain a tag; remove ':v1'`,
  );

  await createRepo(kube, ns, 'verify', {
    url,
    insecure: true,
    ref: { tag: 'v1' },
    verify: { provider: 'cosign' },
  });
  const verify = await waitFor(kube, ns, 'verify', 'False');
  assert.equal(condition(verify, 'SourceVerified')?.status, 'False');
  assert.equal(condition(verify, 'SourceVerified')?.reason, 'VerificationError');
  assert.match(
    condition(verify, 'SourceVerified')?.message ?? '',
    /^failed to verify the signature using provider 'cosign keyless': .*not supported/,
  );
  assert.equal(condition(verify, 'Stalled')?.status, 'True');
  assert.equal(verify.status?.artifact, undefined);

  await createRepo(kube, ns, 'aws', { url, ref: { tag: 'v1' }, provider: 'aws' });
  const aws = await waitFor(kube, ns, 'aws', 'False');
  assert.equal(condition(aws, 'Stalled')?.reason, 'AuthenticationFailed');
  assert.match(
    condition(aws, 'Ready')?.message ?? '',
    /^failed to get credential from aws: .*spec\.secretRef/,
  );
});

test('a tag naming an image index resolves to the index digest and the content of its linux/amd64 child', async (t) => {
  const { kube, ns, registry, client } = await setup(t);
  const arm = await pushArtifact(client, 'multi/arch', 'arm64', await tgz({ 'arch.txt': 'arm64' }));
  const image = await pushArtifact(client, 'multi/arch', 'amd64', await tgz({ 'arch.txt': 'amd64' }));
  const raw = Buffer.from(JSON.stringify(image.manifest));
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: arm.digest,
          size: Buffer.from(JSON.stringify(arm.manifest)).length,
          platform: { os: 'linux', architecture: 'arm64' },
        },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: image.digest,
          size: raw.length,
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
    }),
  );
  const put = await registryRequest('PUT', `${registry.url}/v2/multi/arch/manifests/v1`, {
    headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' },
    body: index,
  });
  assert.equal(put.status, 201, put.body.toString());
  const indexDigest = String(put.headers['docker-content-digest']);
  await createRepo(kube, ns, 'index', {
    url: `oci://${registry.host}/multi/arch`,
    insecure: true,
    ref: { tag: 'v1' },
  });
  const ready = await waitFor(kube, ns, 'index', 'True');
  assert.equal(ready.status?.artifact?.revision, `v1@${indexDigest}`);
  assert.deepEqual(await filesOf(await download(ready.status!.artifact!.url)), { 'arch.txt': 'amd64' });
});

test('an artifact pushed with `tsflux push artifact` reconciles to Ready with its origin metadata', async (t) => {
  const { kube, ns, registry } = await setup(t);
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-oci-push-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'apps'));
  writeFileSync(join(dir, 'apps/app.yaml'), 'kind: ConfigMap\n');
  const source = 'https://git.example/org/fleet.git';
  const revision = 'main@sha1:fedcba9876543210fedcba9876543210fedcba98';
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const child = spawn(process.execPath, [
    main,
    'push',
    'artifact',
    `oci://${registry.host}/fleet/apps:v1`,
    '--path',
    dir,
    '--source',
    source,
    '--revision',
    revision,
    '--insecure-registry',
  ]);
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  assert.equal(await new Promise((r) => child.on('close', r)), 0, output);
  const digest = /@(sha256:[0-9a-f]{64})/.exec(output)?.[1];
  assert.ok(digest, output);

  const url = `oci://${registry.host}/fleet/apps`;
  await createRepo(kube, ns, 'pushed', { url, insecure: true, ref: { tag: 'v1' } });
  const ready = await waitFor(kube, ns, 'pushed', 'True');
  assert.equal(ready.status?.artifact?.revision, `v1@${digest}`);
  assert.equal(ready.status?.artifact?.metadata?.['org.opencontainers.image.source'], source);
  assert.equal(ready.status?.artifact?.metadata?.['org.opencontainers.image.revision'], revision);
  assert.deepEqual(await filesOf(await download(ready.status!.artifact!.url)), {
    'apps/app.yaml': 'kind: ConfigMap\n',
  });
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'pushed')).includes(
        `Normal NewArtifact: stored artifact with revision 'v1@${digest}' from '${url}', origin source '${source}', origin revision '${revision}'`,
      ),
    ),
  );
});
