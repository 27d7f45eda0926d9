// Bucket against real MinIO (test/servers): Ready with Flux's revision and file set, the no-op
// interval (counted by a proxy in front of MinIO: no GetObject, no status write), a changed object,
// prefix and ignore rules (spec and .sourceignore), TLS with certSecretRef, and every failure Flux
// names, with no secret value in logs, events or conditions.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';
import { after, before, describe, type TestContext, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { readTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { createTestTls, type S3Server, startS3Server, type TestTls } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  createSecret,
  eventsOf,
  startTestSourceController,
  type TestSourceController,
  waitForSourceReady,
} from '../support/source-controller.ts';

type Condition = { type: string; status: string; reason: string; message: string };
type BucketObj = KubeObject & {
  status?: {
    artifact?: {
      revision: string;
      digest: string;
      url: string;
      path: string;
      size?: number;
      lastUpdateTime?: string;
    };
    conditions?: Condition[];
    observedIgnore?: string;
    observedGeneration?: number;
    url?: string;
  };
};

const ref = (namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'buckets',
  namespace,
  name,
});

async function createBucketObj(kube: KubeClient, ns: string, name: string, spec: Record<string, unknown>) {
  await kube.create(ref(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'Bucket',
    metadata: { name, namespace: ns },
    spec: { interval: '10m', provider: 'generic', ...spec },
  });
}

const condition = (o: BucketObj, type: string) => o.status?.conditions?.find((c) => c.type === type);

/** Waits until Ready has `status` (and `check` passes). */
async function waitFor(
  kube: KubeClient,
  ns: string,
  name: string,
  status: 'True' | 'False',
  check: (o: BucketObj) => void = () => {},
): Promise<BucketObj> {
  return waitForSourceReady<BucketObj>(kube, ref(ns, name), status, { check });
}

/** Flux's revision of a bucket index, computed from the ETags MinIO answered on upload. */
function expectedRevision(etags: Record<string, string>): string {
  const lines = Object.keys(etags)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map((k) => `${k} ${etags[k]}\n`)
    .join('');
  return `sha256:${createHash('sha256').update(lines).digest('hex')}`;
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

/** A transparent proxy in front of MinIO recording each request's method and path. */
async function startCountingProxy(t: TestContext, targetPort: number) {
  const seen: { method: string; path: string }[] = [];
  /** When set, listing answers get this extra `<Contents>` entry, as a hostile server would send. */
  const inject: { contents?: string } = {};
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
    const listing = /[?&]list-type=2/.test(req.url ?? '');
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        if (!(listing && inject.contents && up.statusCode === 200)) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const body = Buffer.from(
            text.replace('</ListBucketResult>', `${inject.contents}</ListBucketResult>`),
          );
          res.writeHead(200, { ...up.headers, 'content-length': String(body.length) });
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return {
    inject,
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** GetObject requests: a GET of a key (a path below the bucket) without a listing query. */
    objectGets: () => seen.filter((s) => s.method === 'GET' && /^\/[^/?]+\/[^?]/.test(s.path)).length,
    listings: () => seen.filter((s) => s.method === 'GET' && /[?&]list-type=2/.test(s.path)).length,
  };
}

/** An HTTP CONNECT proxy (`spec.proxySecretRef`) counting the tunnels it opened, with basic auth. */
async function startConnectProxy(t: TestContext, auth: string) {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket) => {
    sockets.add(client);
    if (req.headers['proxy-authorization'] !== `Basic ${Buffer.from(auth).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { address: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

/** An HTTPS front for MinIO that requires a client certificate signed by the test CA. */
async function startMutualTlsFront(t: TestContext, tls: TestTls, targetPort: number) {
  const clients: string[] = [];
  const server = createHttpsServer(
    { ...tls.server, ca: tls.ca, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      clients.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? ''));
      const upstream = request(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`, clients };
}

/** A TCP server that accepts connections and never answers, to run into spec.timeout. */
async function startSilentServer(t: TestContext) {
  const sockets = new Set<Socket>();
  const server = createTcpServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** How many times an event with `reason` was recorded for an object (repeats are counted on one Event). */
async function eventCount(kube: KubeClient, ns: string, name: string, reason: string): Promise<number> {
  const list = await kube.list<
    KubeObject & { reason: string; count?: number; involvedObject: { name: string } }
  >({
    version: 'v1',
    resource: 'events',
    namespace: ns,
  });
  return list.items
    .filter((e) => e.involvedObject.name === name && e.reason === reason)
    .reduce((n, e) => n + (e.count ?? 1), 0);
}

function assertNoSecrets(controller: TestSourceController, texts: string[], secrets: string[]) {
  for (const s of secrets) {
    for (const line of controller.logs) assert.ok(!line.includes(s), `secret in log: ${line}`);
    for (const text of texts) assert.ok(!text.includes(s), `secret in: ${text}`);
  }
}

describe('Bucket (generic provider, MinIO)', () => {
  let s3: S3Server;
  before(async () => {
    s3 = await startS3Server();
  });
  after(() => s3?.stop());

  async function setup(t: TestContext, prefix: string) {
    const kube = testClient(t);
    const ns = await testNamespace(t, kube, prefix);
    const controller = await startTestSourceController(t, kube, ns, { kinds: ['Bucket'] });
    await createSecret(kube, ns, 'minio', { accesskey: s3.accessKey, secretkey: s3.secretKey });
    return { kube, ns, controller };
  }

  test('objects become an artifact with Flux revision; the interval downloads nothing; a change is a new artifact', async (t) => {
    const { kube, ns, controller } = await setup(t, 'bucket');
    const proxy = await startCountingProxy(t, s3.port);
    const bucket = 'app-config';
    await s3.createBucket(bucket);
    const contents: Record<string, string> = {
      'deploy/app.yaml': 'kind: ConfigMap\n',
      'deploy/with space+plus.yaml': 'kind: Secret\n',
      '007': 'numeric-looking key\n',
      '1.10': 'another\n',
      'ü/ä.yaml': 'unicode\n',
    };
    const etags: Record<string, string> = {};
    for (const [key, body] of Object.entries(contents)) etags[key] = await s3.putObject(bucket, key, body);
    await createBucketObj(kube, ns, 'app', {
      bucketName: bucket,
      endpoint: proxy.endpoint,
      insecure: true,
      interval: '2s',
      secretRef: { name: 'minio' },
    });

    const ready = await waitFor(kube, ns, 'app', 'True');
    const revision = expectedRevision(etags);
    const artifact = ready.status?.artifact;
    assert.equal(artifact?.revision, revision);
    assert.equal(artifact?.path, `bucket/${ns}/app/${revision.slice(7)}.tar.gz`);
    const data = await download(artifact!.url);
    assert.equal(artifact?.digest, `sha256:${createHash('sha256').update(data).digest('hex')}`);
    assert.equal(artifact?.size, data.length);
    assert.ok(artifact?.lastUpdateTime);
    assert.deepEqual(await filesOf(data), contents);
    // Flux's status.url: a stable link to the latest artifact
    assert.equal(ready.status?.url, artifact!.url.replace(/[^/]*$/, 'latest.tar.gz'));
    assert.deepEqual(await download(ready.status!.url!), data);
    assert.equal(condition(ready, 'Ready')?.message, `stored artifact: revision '${revision}'`);
    assert.equal(condition(ready, 'ArtifactInStorage')?.message, `stored artifact: revision '${revision}'`);
    assert.equal(ready.status?.observedIgnore, undefined);
    await eventually(async () =>
      assert.ok(
        (await eventsOf(kube, ns, 'app')).includes(
          `Normal NewArtifact: stored artifact with 5 fetched files from '${bucket}' bucket`,
        ),
      ),
    );

    // no-op intervals: the bucket is listed again, no object is downloaded, no status written
    // (measured from one settled interval on, past any reconcile still acting on the creation)
    const settled = proxy.listings();
    await eventually(() => assert.ok(proxy.listings() > settled), { timeoutMs: 20_000 });
    const gets = proxy.objectGets();
    const listings = proxy.listings();
    const rv = (await kube.get<BucketObj>(ref(ns, 'app'))).metadata?.resourceVersion;
    await eventually(() => assert.ok(proxy.listings() >= listings + 2, `listings ${proxy.listings()}`), {
      timeoutMs: 20_000,
    });
    assert.equal(proxy.objectGets(), gets);
    assert.equal((await kube.get<BucketObj>(ref(ns, 'app'))).metadata?.resourceVersion, rv);

    // a changed object is a new revision, a new artifact and another NewArtifact event
    const newArtifacts = await eventCount(kube, ns, 'app', 'NewArtifact');
    etags['deploy/app.yaml'] = await s3.putObject(bucket, 'deploy/app.yaml', 'kind: ConfigMap\ndata: {}\n');
    const next = expectedRevision(etags);
    const updated = await waitFor(kube, ns, 'app', 'True', (o) =>
      assert.equal(o.status?.artifact?.revision, next),
    );
    assert.equal(
      (await filesOf(await download(updated.status!.artifact!.url)))['deploy/app.yaml'],
      'kind: ConfigMap\ndata: {}\n',
    );
    assert.ok(proxy.objectGets() > gets);
    // the message is the same (Flux names no revision in it), so the recorder counts the repeat on
    // one Event; at least one more (a slow watch on a loaded machine can make a reconcile act on
    // the previous status once more, as with any informer-cached controller)
    await eventually(async () =>
      assert.ok((await eventCount(kube, ns, 'app', 'NewArtifact')) > newArtifacts),
    );
    assertNoSecrets(controller, await eventsOf(kube, ns, 'app'), [s3.secretKey]);
  });

  test('prefix, root .sourceignore and spec.ignore select the objects; observedIgnore follows the spec', async (t) => {
    const { kube, ns } = await setup(t, 'bucket-ignore');
    const bucket = 'ignored';
    await s3.createBucket(bucket);
    const etags: Record<string, string> = {};
    const put = async (key: string, body: string) => {
      etags[key] = await s3.putObject(bucket, key, body);
    };
    await put('.sourceignore', '*.txt\nsecrets/\n');
    await put('apps/app.yaml', 'app\n');
    await put('apps/notes.txt', 'ignored by .sourceignore\n');
    await put('apps/keep.txt', 're-included by spec.ignore\n');
    await put('apps/secrets/token.yaml', 'ignored directory\n');
    await put('apps/skip.json', 'ignored by spec.ignore\n');
    await put('other/outside.yaml', 'outside the prefix\n');

    const proxy = await startCountingProxy(t, s3.port);
    await createBucketObj(kube, ns, 'sel', {
      bucketName: bucket,
      endpoint: proxy.endpoint,
      insecure: true,
      interval: '2s',
      prefix: 'apps/',
      ignore: '*.json\n!keep.txt\n',
      secretRef: { name: 'minio' },
    });
    const ready = await waitFor(kube, ns, 'sel', 'True');
    const selected = { 'apps/app.yaml': etags['apps/app.yaml'], 'apps/keep.txt': etags['apps/keep.txt'] };
    assert.equal(ready.status?.artifact?.revision, expectedRevision(selected));
    assert.equal(ready.status?.observedIgnore, '*.json\n!keep.txt\n');
    // Flux keeps the root .sourceignore it downloaded in the artifact
    assert.deepEqual(await filesOf(await download(ready.status!.artifact!.url)), {
      '.sourceignore': '*.txt\nsecrets/\n',
      'apps/app.yaml': 'app\n',
      'apps/keep.txt': 're-included by spec.ignore\n',
    });
    // the kept .sourceignore is only checked with a HEAD on no-op intervals: no GetObject at all
    // (measured from one settled interval on)
    const settled = proxy.listings();
    await eventually(() => assert.ok(proxy.listings() > settled), { timeoutMs: 20_000 });
    const gets = proxy.objectGets();
    const listings = proxy.listings();
    await eventually(() => assert.ok(proxy.listings() >= listings + 2), { timeoutMs: 20_000 });
    assert.equal(proxy.objectGets(), gets);
    await eventually(async () =>
      assert.ok(
        (await eventsOf(kube, ns, 'sel')).includes(
          `Normal NewArtifact: stored artifact with 2 fetched files from '${bucket}' bucket`,
        ),
      ),
    );

    // a new ignore rule changes the selection, hence the revision
    await kube.mergePatch(ref(ns, 'sel'), { spec: { ignore: '*.json\n' } });
    const narrowed = await waitFor(kube, ns, 'sel', 'True', (o) =>
      assert.equal(
        o.status?.artifact?.revision,
        expectedRevision({ 'apps/app.yaml': etags['apps/app.yaml'] }),
      ),
    );
    assert.equal(narrowed.status?.observedIgnore, '*.json\n');
  });

  test('more than one listing page (1000 keys) is indexed and fetched; deletion removes the artifact', async (t) => {
    const { kube, ns } = await setup(t, 'bucket-many');
    await s3.createBucket('many');
    const etags: Record<string, string> = {};
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}.yaml`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(
        keys.slice(i, i + 50).map(async (k) => {
          etags[k] = await s3.putObject('many', k, `n: ${k}\n`);
        }),
      );
    await createBucketObj(kube, ns, 'big', {
      bucketName: 'many',
      endpoint: s3.endpoint,
      insecure: true,
      secretRef: { name: 'minio' },
    });
    const ready = await waitFor(kube, ns, 'big', 'True');
    assert.equal(ready.status?.artifact?.revision, expectedRevision(etags));
    const url = ready.status!.artifact!.url;
    assert.equal(Object.keys(await filesOf(await download(url))).length, 1005);
    await eventually(async () =>
      assert.ok(
        (await eventsOf(kube, ns, 'big')).includes(
          "Normal NewArtifact: stored artifact with 1005 fetched files from 'many' bucket",
        ),
      ),
    );

    await kube.delete(ref(ns, 'big'));
    await eventually(
      async () => {
        await assert.rejects(kube.get(ref(ns, 'big')));
        assert.equal((await fetch(url)).status, 404);
      },
      { timeoutMs: 20_000, what: 'bucket and artifact gone' },
    );
  });

  test('proxySecretRef: requests go through the proxy with its credentials', async (t) => {
    const { kube, ns, controller } = await setup(t, 'bucket-proxy');
    const proxyPassword = 'proxy-password-9876543210';
    const proxy = await startConnectProxy(t, `flux:${proxyPassword}`);
    await createSecret(kube, ns, 'proxy', {
      address: proxy.address,
      username: 'flux',
      password: proxyPassword,
    });
    await s3.createBucket('proxied');
    const etag = await s3.putObject('proxied', 'p.yaml', 'proxied\n');
    await createBucketObj(kube, ns, 'via-proxy', {
      bucketName: 'proxied',
      endpoint: s3.endpoint,
      insecure: true,
      secretRef: { name: 'minio' },
      proxySecretRef: { name: 'proxy' },
    });
    const ready = await waitFor(kube, ns, 'via-proxy', 'True');
    assert.equal(ready.status?.artifact?.revision, expectedRevision({ 'p.yaml': etag }));
    assert.ok(proxy.tunnels.includes(s3.endpoint), proxy.tunnels.join(','));
    assertNoSecrets(controller, await eventsOf(kube, ns, 'via-proxy'), [proxyPassword, s3.secretKey]);
  });

  test('mutual TLS: certSecretRef tls.crt and tls.key are presented to an endpoint that requires them', async (t) => {
    const { kube, ns, controller } = await setup(t, 'bucket-mtls');
    const tls = createTestTls('bucket-mtls');
    const front = await startMutualTlsFront(t, tls, s3.port);
    await createSecret(kube, ns, 'client-tls', {
      'ca.crt': tls.ca,
      'tls.crt': tls.client.cert,
      'tls.key': tls.client.key,
    });
    await createSecret(kube, ns, 'ca-only', { 'ca.crt': tls.ca });
    await s3.createBucket('mtls');
    const etag = await s3.putObject('mtls', 'm.yaml', 'mtls\n');
    const spec = { bucketName: 'mtls', endpoint: front.endpoint, secretRef: { name: 'minio' } };
    await createBucketObj(kube, ns, 'with-cert', { ...spec, certSecretRef: { name: 'client-tls' } });
    await createBucketObj(kube, ns, 'without-cert', { ...spec, certSecretRef: { name: 'ca-only' } });
    const ok = await waitFor(kube, ns, 'with-cert', 'True');
    assert.equal(ok.status?.artifact?.revision, expectedRevision({ 'm.yaml': etag }));
    assert.ok(front.clients.includes('bucket-mtls-client'), front.clients.join(','));
    const refused = await waitFor(kube, ns, 'without-cert', 'False');
    assert.equal(condition(refused, 'Ready')?.reason, 'BucketOperationFailed');
    assert.match(
      condition(refused, 'Ready')?.message ?? '',
      /^failed to confirm existence of 'mtls' bucket: /,
    );
    assertNoSecrets(
      controller,
      [JSON.stringify(refused.status), ...(await eventsOf(kube, ns, 'with-cert'))],
      [tls.client.key.split('\n')[1], s3.secretKey],
    );
  });

  test('failures: wrong keys, missing secret, missing bucket, unreachable endpoint, invalid spec', async (t) => {
    const { kube, ns, controller } = await setup(t, 'bucket-fail');
    const wrongSecret = 'wrong-secret-value-0123456789';
    await createSecret(kube, ns, 'wrong', { accesskey: s3.accessKey, secretkey: wrongSecret });
    await createSecret(kube, ns, 'partial', { accesskey: s3.accessKey });
    await s3.createBucket('present');
    await s3.putObject('present', 'a.yaml', 'a\n');
    const base = { endpoint: s3.endpoint, insecure: true, secretRef: { name: 'minio' } };
    await createBucketObj(kube, ns, 'wrong-keys', {
      ...base,
      bucketName: 'present',
      secretRef: { name: 'wrong' },
    });
    await createBucketObj(kube, ns, 'no-secret', {
      ...base,
      bucketName: 'present',
      secretRef: { name: 'absent' },
    });
    await createBucketObj(kube, ns, 'bad-secret', {
      ...base,
      bucketName: 'present',
      secretRef: { name: 'partial' },
    });
    await createBucketObj(kube, ns, 'missing', { ...base, bucketName: 'does-not-exist' });
    await createBucketObj(kube, ns, 'unreachable', {
      ...base,
      bucketName: 'present',
      endpoint: '127.0.0.1:1',
    });
    await createSecret(kube, ns, 'half-tls', { 'tls.crt': 'cert-without-key' });
    await createBucketObj(kube, ns, 'bad-tls', {
      ...base,
      bucketName: 'present',
      certSecretRef: { name: 'half-tls' },
    });
    const silent = await startSilentServer(t);
    await createBucketObj(kube, ns, 'slow', {
      ...base,
      bucketName: 'present',
      endpoint: silent,
      timeout: '1s',
    });
    await createBucketObj(kube, ns, 'with-scheme', {
      ...base,
      bucketName: 'present',
      endpoint: `http://${s3.endpoint}`,
    });

    const expect = async (name: string, reason: string, message: string | RegExp) => {
      const o = await waitFor(kube, ns, name, 'False');
      const ready = condition(o, 'Ready');
      assert.equal(ready?.reason, reason, name);
      if (typeof message === 'string') assert.equal(ready?.message, message, name);
      else assert.match(ready?.message ?? '', message, name);
      assert.equal(condition(o, 'FetchFailed')?.status, 'True', name);
      return o;
    };
    await expect(
      'wrong-keys',
      'BucketOperationFailed',
      "failed to confirm existence of 'present' bucket: The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
    await expect(
      'no-secret',
      'AuthenticationFailed',
      `failed to get secret '${ns}/absent': secrets "absent" not found`,
    );
    await expect(
      'bad-secret',
      'AuthenticationFailed',
      "invalid 'partial' secret data: required fields 'accesskey' and 'secretkey'",
    );
    await expect('missing', 'BucketOperationFailed', "bucket 'does-not-exist' not found");
    await expect(
      'unreachable',
      'BucketOperationFailed',
      "failed to confirm existence of 'present' bucket: dial tcp 127.0.0.1:1: connect: connection refused",
    );
    await expect(
      'bad-tls',
      'AuthenticationFailed',
      `failed to get TLS config: secret '${ns}/half-tls' must contain both 'tls.crt' and 'tls.key', or neither`,
    );
    await expect(
      'slow',
      'BucketOperationFailed',
      "failed to confirm existence of 'present' bucket: context deadline exceeded",
    );
    const stalled = await expect(
      'with-scheme',
      'URLInvalid',
      `invalid endpoint 'http://${s3.endpoint}': it must be host[:port], without a scheme or a path`,
    );
    assert.equal(condition(stalled, 'Stalled')?.status, 'True');
    assert.equal(condition(stalled, 'Reconciling'), undefined);

    await eventually(async () =>
      assert.ok(
        (await eventsOf(kube, ns, 'missing')).includes(
          "Warning BucketOperationFailed: bucket 'does-not-exist' not found",
        ),
      ),
    );
    const texts: string[] = [];
    for (const name of [
      'wrong-keys',
      'no-secret',
      'bad-secret',
      'missing',
      'unreachable',
      'with-scheme',
      'bad-tls',
    ]) {
      texts.push(...(await eventsOf(kube, ns, name)));
      const o = await kube.get<BucketObj>(ref(ns, name));
      texts.push(JSON.stringify(o.status));
    }
    assertNoSecrets(controller, texts, [wrongSecret, s3.secretKey]);

    // fixing the spec recovers: the bucket now exists
    await s3.createBucket('does-not-exist');
    await s3.putObject('does-not-exist', 'x.yaml', 'x\n');
    await waitFor(kube, ns, 'missing', 'True');
  });

  test('a listed key escaping the artifact root fails the fetch and keeps the previous artifact', async (t) => {
    const { kube, ns } = await setup(t, 'bucket-hostile');
    const proxy = await startCountingProxy(t, s3.port);
    await s3.createBucket('hostile');
    await s3.putObject('hostile', 'good.yaml', 'good\n');
    await createBucketObj(kube, ns, 'h', {
      bucketName: 'hostile',
      endpoint: proxy.endpoint,
      insecure: true,
      interval: '2s',
      secretRef: { name: 'minio' },
    });
    const good = await waitFor(kube, ns, 'h', 'True');
    await eventually(async () => assert.ok((await eventCount(kube, ns, 'h', 'NewArtifact')) >= 1));
    const newArtifacts = await eventCount(kube, ns, 'h', 'NewArtifact');
    // MinIO refuses such keys itself, so the proxy plays a hostile server
    proxy.inject.contents =
      '<Contents><Key>..%2Fevil.yaml</Key><ETag>&#34;e&#34;</ETag><Size>1</Size></Contents>';
    const failed = await waitFor(kube, ns, 'h', 'False');
    assert.equal(condition(failed, 'Ready')?.reason, 'BucketOperationFailed');
    assert.equal(
      condition(failed, 'Ready')?.message,
      "indexation of objects from bucket 'hostile' failed: object key '../evil.yaml' points outside the artifact root with '..'",
    );
    assert.equal(failed.status?.artifact?.revision, good.status?.artifact?.revision);
    assert.deepEqual(await filesOf(await download(failed.status!.artifact!.url)), { 'good.yaml': 'good\n' });

    proxy.inject.contents =
      '<Contents><Key>%2Fabs.yaml</Key><ETag>&#34;e&#34;</ETag><Size>1</Size></Contents>';
    await waitFor(kube, ns, 'h', 'False', (o) =>
      assert.match(condition(o, 'Ready')?.message ?? '', /object key '\/abs.yaml' is an absolute path$/),
    );
    proxy.inject.contents = undefined;
    await waitFor(kube, ns, 'h', 'True');
    // the same artifact again after failures: Flux's Succeeded event, not NewArtifact
    await eventually(async () =>
      assert.ok(
        (await eventsOf(kube, ns, 'h')).includes(
          "Normal Succeeded: stored artifact with 1 fetched files from 'hostile' bucket",
        ),
      ),
    );
    assert.equal(await eventCount(kube, ns, 'h', 'NewArtifact'), newArtifacts);
  });

  test('cloud providers that need an identity service stall with what is missing', async (t) => {
    const { kube, ns } = await setup(t, 'bucket-cloud');
    await createSecret(kube, ns, 'gcp-wrong', { accesskey: 'x', secretkey: 'y' });
    await s3.createBucket('aws-static');
    const awsEtag = await s3.putObject('aws-static', 'k.yaml', 'aws\n');
    await createBucketObj(kube, ns, 'aws-keys', {
      provider: 'aws',
      bucketName: 'aws-static',
      endpoint: s3.endpoint,
      insecure: true,
      region: 'us-east-1',
      secretRef: { name: 'minio' },
    });
    await createBucketObj(kube, ns, 'aws', {
      provider: 'aws',
      bucketName: 'b-aws',
      endpoint: 's3.amazonaws.com',
    });
    await createBucketObj(kube, ns, 'gcp', {
      provider: 'gcp',
      bucketName: 'b-gcp',
      endpoint: 'storage.googleapis.com',
    });
    await createBucketObj(kube, ns, 'gcp-bad', {
      provider: 'gcp',
      bucketName: 'b-gcp',
      endpoint: 'storage.googleapis.com',
      secretRef: { name: 'gcp-wrong' },
    });
    await createBucketObj(kube, ns, 'azure', {
      provider: 'azure',
      bucketName: 'b-az',
      endpoint: 'https://acct.blob.core.windows.net',
    });
    for (const [name, pattern] of [
      ['aws', /^AWS authentication failed: aws workload identity is not available/],
      ['gcp', /gcp workload identity is not available/],
      ['azure', /azure workload identity is not available/],
    ] as const) {
      const o = await waitFor(kube, ns, name, 'False');
      assert.equal(condition(o, 'Ready')?.reason, 'AuthenticationFailed', name);
      assert.match(condition(o, 'Ready')?.message ?? '', pattern, name);
      assert.equal(condition(o, 'Stalled')?.status, 'True', name);
    }
    // aws with static keys is S3 with credentials, which works here
    const aws = await waitFor(kube, ns, 'aws-keys', 'True');
    assert.equal(aws.status?.artifact?.revision, expectedRevision({ 'k.yaml': awsEtag }));
    const bad = await waitFor(kube, ns, 'gcp-bad', 'False');
    assert.equal(
      condition(bad, 'Ready')?.message,
      "invalid 'gcp-wrong' secret data: required fields 'serviceaccount'",
    );
  });
});

describe('Bucket over TLS (MinIO with generated certificates)', () => {
  let s3: S3Server;
  before(async () => {
    s3 = await startS3Server({ tls: true });
  });
  after(() => s3?.stop());

  test('certSecretRef ca.crt makes HTTPS work; without it the certificate is refused', async (t) => {
    const kube = testClient(t);
    const ns = await testNamespace(t, kube, 'bucket-tls');
    const controller = await startTestSourceController(t, kube, ns, { kinds: ['Bucket'] });
    await createSecret(kube, ns, 'minio', { accesskey: s3.accessKey, secretkey: s3.secretKey });
    await createSecret(kube, ns, 'ca', { 'ca.crt': s3.tls!.ca });
    await s3.createBucket('secure');
    const etag = await s3.putObject('secure', 'app.yaml', 'tls\n');
    const spec = { bucketName: 'secure', endpoint: s3.endpoint, secretRef: { name: 'minio' } };
    await createBucketObj(kube, ns, 'trusted', { ...spec, certSecretRef: { name: 'ca' } });
    await createBucketObj(kube, ns, 'untrusted', spec);

    const ok = await waitFor(kube, ns, 'trusted', 'True');
    assert.equal(ok.status?.artifact?.revision, expectedRevision({ 'app.yaml': etag }));
    assert.deepEqual(await filesOf(await download(ok.status!.artifact!.url)), { 'app.yaml': 'tls\n' });
    const refused = await waitFor(kube, ns, 'untrusted', 'False');
    assert.equal(condition(refused, 'Ready')?.reason, 'BucketOperationFailed');
    assert.match(
      condition(refused, 'Ready')?.message ?? '',
      /^failed to confirm existence of 'secure' bucket: .*certificate/,
    );

    // HTTPS through a proxy: a CONNECT tunnel, TLS to MinIO inside it with the same CA
    const proxy = await startConnectProxy(t, 'flux:proxy-pass');
    await createSecret(kube, ns, 'proxy', {
      address: proxy.address,
      username: 'flux',
      password: 'proxy-pass',
    });
    await createBucketObj(kube, ns, 'tunneled', {
      ...spec,
      certSecretRef: { name: 'ca' },
      proxySecretRef: { name: 'proxy' },
    });
    const tunneled = await waitFor(kube, ns, 'tunneled', 'True');
    assert.equal(tunneled.status?.artifact?.revision, ok.status?.artifact?.revision);
    assert.ok(proxy.tunnels.includes(s3.endpoint), proxy.tunnels.join(','));
    assertNoSecrets(controller, [JSON.stringify(refused.status)], [s3.secretKey]);
  });
});
