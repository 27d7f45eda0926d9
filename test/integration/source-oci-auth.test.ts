// OCIRepository authentication against the real registry: htpasswd basic and bearer-token auth
// through dockerconfigjson Secrets and a ServiceAccount's imagePullSecrets, TLS with a CA, mutual
// TLS, `insecure`, a proxy from proxySecretRef, and the failures, without a secret ever reaching a
// log line, an event or a condition.
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { type TestContext, test } from 'node:test';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { pushArtifact, RegistryClient, type RegistryClientOptions } from '../../src/runtime/oci/index.ts';
import { type OciRegistry, type OciRegistryOptions, startOciRegistry } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  eventsOf,
  startTestSourceController,
  type TestSourceController,
  waitForSourceReady,
} from '../support/source-controller.ts';

type Condition = { type: string; status: string; reason: string; message: string };
type OciRepo = KubeObject & {
  status?: { artifact?: { revision: string }; conditions?: Condition[]; observedGeneration?: number };
};

const ref = (namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'ocirepositories',
  namespace,
  name,
});
const condition = (o: OciRepo, type: string) => o.status?.conditions?.find((c) => c.type === type);

async function createRepo(kube: KubeClient, ns: string, name: string, spec: Record<string, unknown>) {
  await kube.create(ref(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { name, namespace: ns },
    spec: { interval: '10m', ref: { tag: 'v1' }, ...spec },
  });
}

async function createSecret(
  kube: KubeClient,
  ns: string,
  name: string,
  type: string,
  data: Record<string, string>,
) {
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    {
      metadata: { name, namespace: ns },
      type,
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    },
  );
}

const dockerConfig = (host: string, entry: Record<string, string>) => ({
  '.dockerconfigjson': JSON.stringify({ auths: { [host]: entry } }),
});
const basicAuth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

async function waitFor(
  kube: KubeClient,
  ns: string,
  name: string,
  status: 'True' | 'False',
): Promise<OciRepo> {
  return waitForSourceReady<OciRepo>(kube, ref(ns, name), status, {});
}

/** Asserts that none of `secrets` appears in the controller's logs, the Events or the objects. */
async function assertNoLeak(
  kube: KubeClient,
  ns: string,
  controller: TestSourceController,
  secrets: string[],
) {
  const objects = JSON.stringify((await kube.list(ref(ns))).items.map((o) => (o as OciRepo).status));
  const events = (
    await Promise.all((await kube.list(ref(ns))).items.map((o) => eventsOf(kube, ns, o.metadata?.name ?? '')))
  ).flat();
  const haystacks = { logs: controller.logs.join('\n'), events: events.join('\n'), status: objects };
  for (const secret of secrets)
    for (const [where, text] of Object.entries(haystacks))
      assert.ok(!text.includes(secret), `secret '${secret.slice(0, 3)}…' leaked into ${where}`);
}

/** A namespace, a registry with `v1` pushed (`push` gives the pushing client its access), a controller. */
async function setup(
  t: TestContext,
  options: OciRegistryOptions,
  push: (registry: OciRegistry) => RegistryClientOptions = () => ({}),
) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ociauth');
  const registry = await startOciRegistry(options);
  t.after(() => registry.stop());
  const client = new RegistryClient(registry.host, { insecure: !options.tls, ...push(registry) });
  t.after(() => client.close());
  const pushed = await pushArtifact(
    client,
    'team/app',
    'v1',
    await createTarGz([{ path: 'app.yaml', data: Buffer.from('kind: ConfigMap\n') }]),
  );
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['OCIRepository'] });
  return {
    kube,
    ns,
    registry,
    controller,
    revision: `v1@${pushed.digest}`,
    url: `oci://${registry.host}/team/app`,
  };
}

test('htpasswd basic auth: dockerconfigjson `auth`, wrong password, no secret, missing secret', async (t) => {
  const password = 'b4sic-Pa55word-never-logged';
  const { kube, ns, registry, controller, revision, url } = await setup(
    t,
    { basicAuth: { username: 'flux', password } },
    () => ({ credentials: { username: 'flux', password } }),
  );
  await createSecret(
    kube,
    ns,
    'creds',
    'kubernetes.io/dockerconfigjson',
    dockerConfig(registry.host, { auth: basicAuth('flux', password) }),
  );
  await createSecret(
    kube,
    ns,
    'wrong',
    'kubernetes.io/dockerconfigjson',
    dockerConfig(registry.host, { auth: basicAuth('flux', 'n0pe-wr0ng-passw0rd') }),
  );
  await createRepo(kube, ns, 'ok', { url, insecure: true, secretRef: { name: 'creds' } });
  await createRepo(kube, ns, 'wrong', { url, insecure: true, secretRef: { name: 'wrong' } });
  await createRepo(kube, ns, 'anonymous', { url, insecure: true });
  await createRepo(kube, ns, 'missing', { url, insecure: true, secretRef: { name: 'absent' } });

  assert.equal((await waitFor(kube, ns, 'ok', 'True')).status?.artifact?.revision, revision);
  for (const name of ['wrong', 'anonymous']) {
    const o = await waitFor(kube, ns, name, 'False');
    assert.equal(condition(o, 'Ready')?.reason, 'OCIArtifactPullFailed', name);
    assert.match(
      condition(o, 'FetchFailed')?.message ?? '',
      /^failed to determine artifact digest: .*UNAUTHORIZED/,
      name,
    );
  }
  const missing = await waitFor(kube, ns, 'missing', 'False');
  assert.equal(condition(missing, 'Ready')?.reason, 'AuthenticationFailed');
  assert.equal(
    condition(missing, 'Ready')?.message,
    `failed to get credential: failed to get secret '${ns}/absent': secrets "absent" not found`,
  );
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'wrong')).some((e) => e.startsWith('Warning OCIArtifactPullFailed:')),
    ),
  );
  await assertNoLeak(kube, ns, controller, [password, basicAuth('flux', password), 'n0pe-wr0ng-passw0rd']);
});

test('token auth: username/password entry, ServiceAccount imagePullSecrets, wrong credentials', async (t) => {
  const password = 't0ken-Server-Passw0rd';
  const { kube, ns, registry, controller, revision, url } = await setup(
    t,
    { tokenAuth: { users: { robot: password } } },
    () => ({ credentials: { username: 'robot', password } }),
  );
  await createSecret(
    kube,
    ns,
    'creds',
    'kubernetes.io/dockerconfigjson',
    dockerConfig(`https://${registry.host}`, { username: 'robot', password }),
  );
  await createSecret(
    kube,
    ns,
    'bad',
    'kubernetes.io/dockerconfigjson',
    dockerConfig(registry.host, { username: 'robot', password: 'wr0ng-t0ken-pw' }),
  );
  // a Secret of another type is not a pull secret: it is ignored, as in Flux
  await createSecret(kube, ns, 'opaque', 'Opaque', { username: 'robot', password });
  await kube.create(
    { version: 'v1', resource: 'serviceaccounts', namespace: ns },
    {
      metadata: { name: 'puller', namespace: ns },
      imagePullSecrets: [{ name: 'opaque' }, { name: 'creds' }],
    },
  );
  await createRepo(kube, ns, 'secret', { url, insecure: true, secretRef: { name: 'creds' } });
  await createRepo(kube, ns, 'sa', { url, insecure: true, serviceAccountName: 'puller' });
  await createRepo(kube, ns, 'bad', { url, insecure: true, secretRef: { name: 'bad' } });
  await createRepo(kube, ns, 'nosa', { url, insecure: true, serviceAccountName: 'ghost' });

  assert.equal((await waitFor(kube, ns, 'secret', 'True')).status?.artifact?.revision, revision);
  assert.equal((await waitFor(kube, ns, 'sa', 'True')).status?.artifact?.revision, revision);
  assert.ok(
    registry.tokenServer!.grants.some(
      (g) => g.account === 'robot' && g.granted.includes('repository:team/app:pull'),
    ),
  );
  const bad = await waitFor(kube, ns, 'bad', 'False');
  assert.equal(condition(bad, 'Ready')?.reason, 'OCIArtifactPullFailed');
  assert.match(condition(bad, 'Ready')?.message ?? '', /401/);
  const nosa = await waitFor(kube, ns, 'nosa', 'False');
  assert.equal(condition(nosa, 'Ready')?.reason, 'AuthenticationFailed');
  assert.match(
    condition(nosa, 'Ready')?.message ?? '',
    /^failed to get credential: failed to get service account '.*\/ghost'/,
  );
  await assertNoLeak(kube, ns, controller, [password, 'wr0ng-t0ken-pw']);
});

test('TLS: certSecretRef ca.crt (and legacy caFile), insecure skips verification, untrusted fails', async (t) => {
  const { kube, ns, registry, revision, url } = await setup(t, { tls: {} }, (r) => ({ ca: r.tls!.ca }));
  const ca = registry.tls!.ca;
  await createSecret(kube, ns, 'ca', 'Opaque', { 'ca.crt': ca });
  await createSecret(kube, ns, 'legacy', 'Opaque', { caFile: ca });
  await createRepo(kube, ns, 'ca', { url, certSecretRef: { name: 'ca' } });
  await createRepo(kube, ns, 'legacy', { url, certSecretRef: { name: 'legacy' } });
  await createRepo(kube, ns, 'insecure', { url, insecure: true });
  await createRepo(kube, ns, 'untrusted', { url });
  for (const name of ['ca', 'legacy', 'insecure'])
    assert.equal((await waitFor(kube, ns, name, 'True')).status?.artifact?.revision, revision, name);
  const untrusted = await waitFor(kube, ns, 'untrusted', 'False');
  assert.equal(condition(untrusted, 'Ready')?.reason, 'OCIArtifactPullFailed');
  assert.match(condition(untrusted, 'Ready')?.message ?? '', /certificate/);
});

test('mutual TLS: tls.crt and tls.key from certSecretRef; a CA alone is refused by the registry', async (t) => {
  const { kube, ns, registry, controller, revision, url } = await setup(
    t,
    { tls: { requireClientCertificate: true } },
    (r) => ({ ca: r.tls!.ca, cert: r.tls!.client.cert, key: r.tls!.client.key }),
  );
  const tlsFor = { ca: registry.tls!.ca, cert: registry.tls!.client.cert, key: registry.tls!.client.key };
  await createSecret(kube, ns, 'mtls', 'kubernetes.io/tls', {
    'ca.crt': tlsFor.ca,
    'tls.crt': tlsFor.cert,
    'tls.key': tlsFor.key,
  });
  await createSecret(kube, ns, 'ca-only', 'Opaque', { 'ca.crt': tlsFor.ca });
  await createSecret(kube, ns, 'half', 'Opaque', { 'ca.crt': tlsFor.ca, 'tls.crt': tlsFor.cert });
  await createRepo(kube, ns, 'mtls', { url, certSecretRef: { name: 'mtls' } });
  await createRepo(kube, ns, 'ca-only', { url, certSecretRef: { name: 'ca-only' } });
  await createRepo(kube, ns, 'half', { url, certSecretRef: { name: 'half' } });
  assert.equal((await waitFor(kube, ns, 'mtls', 'True')).status?.artifact?.revision, revision);
  const caOnly = await waitFor(kube, ns, 'ca-only', 'False');
  assert.equal(condition(caOnly, 'Ready')?.reason, 'OCIArtifactPullFailed');
  const half = await waitFor(kube, ns, 'half', 'False');
  assert.equal(condition(half, 'Ready')?.reason, 'AuthenticationFailed');
  assert.match(
    condition(half, 'Ready')?.message ?? '',
    new RegExp(`^failed to generate transport for '${url}': .*tls\\.key`),
  );
  const keyLine = tlsFor.key.split('\n').find((l) => l.length > 40) ?? '';
  await assertNoLeak(kube, ns, controller, [keyLine]);
});

/** An HTTP proxy demanding basic auth: absolute-form requests forwarded, CONNECT tunnelled; what it saw. */
async function startForwardProxy(t: TestContext, user: string, password: string) {
  const seen: string[] = [];
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const proxy = createServer((req, res) => {
    if (req.headers['proxy-authorization'] !== expected) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"' }).end();
      return;
    }
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket) => {
    if (req.headers['proxy-authorization'] !== expected) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => proxy.close(() => r())));
  return { address: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, seen };
}

test('proxySecretRef: registry requests go through an authenticating HTTP proxy', async (t) => {
  const { kube, ns, controller, revision, url } = await setup(t, {});
  const { address, seen } = await startForwardProxy(t, 'proxyuser', 'Pr0xy-Passw0rd');
  await createSecret(kube, ns, 'proxy', 'Opaque', {
    address,
    username: 'proxyuser',
    password: 'Pr0xy-Passw0rd',
  });
  await createSecret(kube, ns, 'proxy-bad', 'Opaque', {
    address,
    username: 'proxyuser',
    password: 'wrong-proxy-pw',
  });
  await createRepo(kube, ns, 'proxied', { url, insecure: true, proxySecretRef: { name: 'proxy' } });
  await createRepo(kube, ns, 'refused', { url, insecure: true, proxySecretRef: { name: 'proxy-bad' } });
  assert.equal((await waitFor(kube, ns, 'proxied', 'True')).status?.artifact?.revision, revision);
  assert.ok(
    seen.some((s) => /^GET http:\/\/127\.0\.0\.1:\d+\/v2\/team\/app\/blobs\/sha256:/.test(s)),
    seen.join('\n'),
  );
  const refused = await waitFor(kube, ns, 'refused', 'False');
  assert.equal(condition(refused, 'Ready')?.reason, 'OCIArtifactPullFailed');
  await assertNoLeak(kube, ns, controller, ['Pr0xy-Passw0rd', 'wrong-proxy-pw']);
});

test('proxySecretRef with an HTTPS registry: TLS (with the CA of certSecretRef) inside a CONNECT tunnel', async (t) => {
  const { kube, ns, registry, revision, url } = await setup(t, { tls: {} }, (r) => ({ ca: r.tls!.ca }));
  const { address, seen } = await startForwardProxy(t, 'tunnel', 'Tunn3l-pw');
  await createSecret(kube, ns, 'proxy', 'Opaque', { address, username: 'tunnel', password: 'Tunn3l-pw' });
  await createSecret(kube, ns, 'ca', 'Opaque', { 'ca.crt': registry.tls!.ca });
  await createRepo(kube, ns, 'tunnelled', {
    url,
    certSecretRef: { name: 'ca' },
    proxySecretRef: { name: 'proxy' },
  });
  assert.equal((await waitFor(kube, ns, 'tunnelled', 'True')).status?.artifact?.revision, revision);
  assert.ok(seen.includes(`CONNECT ${registry.host}`), seen.join('\n'));
});
