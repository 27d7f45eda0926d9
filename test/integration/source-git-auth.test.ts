// GitRepository authentication against the real git servers (test/servers): HTTP basic auth,
// bearer token, TLS with `ca.crt` and the legacy `caFile`, mutual TLS, an authenticating proxy,
// SSH with identity and known_hosts (plain and passphrase-protected keys), wrong credentials;
// and no secret value ever in logs, events or conditions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { readTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { haveSshd, startGitHttpServer, startGitSshServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  createSecret,
  eventsOf,
  startTestSourceController,
  type TestSourceController,
  waitForSourceReady,
} from '../support/source-controller.ts';

type Condition = { type: string; status: string; reason: string; message: string };
type GitRepo = KubeObject & {
  status?: {
    artifact?: { revision: string; url: string };
    conditions?: Condition[];
    observedGeneration?: number;
  };
};

const ref = (namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'gitrepositories',
  namespace,
  name,
});

async function createRepo(kube: KubeClient, ns: string, name: string, spec: Record<string, unknown>) {
  await kube.create(ref(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace: ns },
    spec: { interval: '10m', ref: { branch: 'main' }, ...spec },
  });
}

const condition = (o: GitRepo, type: string) => o.status?.conditions?.find((c) => c.type === type);

async function waitFor(
  kube: KubeClient,
  ns: string,
  name: string,
  status: 'True' | 'False',
): Promise<GitRepo> {
  return waitForSourceReady<GitRepo>(kube, ref(ns, name), status, {});
}

async function filesAt(url: string): Promise<Record<string, string>> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  const data = Buffer.from(await res.arrayBuffer());
  return Object.fromEntries(
    (await readTarGz(data))
      .filter((e) => e.type === 'file')
      .map((e) => [e.path, Buffer.from((e as { data: Uint8Array }).data).toString()]),
  );
}

/** Fails when any secret value shows up in the controller's logs, the events or the conditions. */
async function assertNoLeak(
  kube: KubeClient,
  ns: string,
  names: string[],
  controller: TestSourceController,
  secrets: string[],
) {
  const texts = [...controller.logs];
  for (const name of names) {
    texts.push(...(await eventsOf(kube, ns, name)));
    texts.push(JSON.stringify((await kube.get<GitRepo>(ref(ns, name))).status ?? {}));
  }
  for (const secret of secrets) {
    for (const probe of [secret, Buffer.from(secret).toString('base64')]) {
      const leak = texts.find((t) => t.includes(probe));
      assert.equal(leak, undefined, `secret leaked: ${leak}`);
    }
  }
}

async function setup(t: TestContext) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'gitauth');
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'] });
  return { kube, ns, controller };
}

test('https basic auth and bearer token; wrong credentials fail as Flux words them; no leak', async (t) => {
  const { kube, ns, controller } = await setup(t);
  const password = 'pw-Sup3rSecretValue-81723';
  const token = 'tok-VerySecretBearer-99812';
  const basic = await startGitHttpServer({ basicAuth: { username: 'flux', password } });
  t.after(() => basic.stop());
  const bearer = await startGitHttpServer({ bearerToken: token });
  t.after(() => bearer.stop());
  const c1 = await basic.createRepository('basic', { files: { 'a.txt': 'basic\n' } });
  const c2 = await bearer.createRepository('bearer', { files: { 'b.txt': 'bearer\n' } });

  await createSecret(kube, ns, 'basic', { username: 'flux', password });
  await createSecret(kube, ns, 'bearer', { bearerToken: token });
  await createSecret(kube, ns, 'wrong', { username: 'flux', password: 'wrong-Password-Value-4471' });
  await createRepo(kube, ns, 'basic', { url: basic.repoUrl('basic'), secretRef: { name: 'basic' } });
  await createRepo(kube, ns, 'bearer', { url: bearer.repoUrl('bearer'), secretRef: { name: 'bearer' } });
  await createRepo(kube, ns, 'wrong', { url: basic.repoUrl('basic'), secretRef: { name: 'wrong' } });
  await createRepo(kube, ns, 'anonymous', { url: basic.repoUrl('basic') });
  await createSecret(kube, ns, 'nouser', { password });
  await createRepo(kube, ns, 'nouser', { url: basic.repoUrl('basic'), secretRef: { name: 'nouser' } });

  const b = await waitFor(kube, ns, 'basic', 'True');
  assert.equal(b.status?.artifact?.revision, `main@sha1:${c1}`);
  assert.deepEqual(await filesAt(b.status!.artifact!.url), { 'a.txt': 'basic\n' });
  assert.ok(basic.requests.some((r) => r.authorization?.startsWith('Basic ')));
  const br = await waitFor(kube, ns, 'bearer', 'True');
  assert.equal(br.status?.artifact?.revision, `main@sha1:${c2}`);
  assert.ok(bearer.requests.some((r) => r.authorization === `Bearer ${token}`));

  for (const name of ['wrong', 'anonymous']) {
    const failed = await waitFor(kube, ns, name, 'False');
    assert.equal(condition(failed, 'FetchFailed')?.reason, 'GitOperationFailed');
    assert.equal(
      condition(failed, 'FetchFailed')?.message,
      `failed to checkout and determine revision: unable to list remote for '${basic.repoUrl('basic')}': authentication required`,
    );
    await eventually(async () => {
      const ev = await eventsOf(kube, ns, name);
      assert.ok(
        ev.some((e) => e.startsWith('Warning GitOperationFailed: ')),
        ev.join('\n'),
      );
    });
  }
  const nouser = await waitFor(kube, ns, 'nouser', 'False');
  assert.equal(condition(nouser, 'FetchFailed')?.reason, 'AuthenticationFailed');
  assert.equal(
    condition(nouser, 'FetchFailed')?.message,
    "failed to configure authentication options: invalid 'http' auth option: 'password' requires 'username' to be set",
  );
  await assertNoLeak(kube, ns, ['basic', 'bearer', 'wrong', 'anonymous', 'nouser'], controller, [
    password,
    token,
    'wrong-Password-Value-4471',
  ]);
});

test('https with ca.crt, legacy caFile, mutual TLS; an untrusted server fails', async (t) => {
  const { kube, ns, controller } = await setup(t);
  const tlsServer = await startGitHttpServer({ tls: {} });
  t.after(() => tlsServer.stop());
  const mtls = await startGitHttpServer({ tls: { requireClientCertificate: true } });
  t.after(() => mtls.stop());
  const tls = tlsServer.tls!;
  const c1 = await tlsServer.createRepository('tls', { files: { 'a.txt': 'tls\n' } });
  const c2 = await mtls.createRepository('mtls', { files: { 'a.txt': 'mtls\n' } });
  await createSecret(kube, ns, 'ca', { 'ca.crt': tls.ca });
  await createSecret(kube, ns, 'cafile', { caFile: tls.ca });
  await createSecret(kube, ns, 'mtls', {
    'ca.crt': mtls.tls!.ca,
    'tls.crt': mtls.tls!.client.cert,
    'tls.key': mtls.tls!.client.key,
  });
  await createSecret(kube, ns, 'nocert', { 'ca.crt': mtls.tls!.ca });
  await createRepo(kube, ns, 'ca', { url: tlsServer.repoUrl('tls'), secretRef: { name: 'ca' } });
  await createRepo(kube, ns, 'cafile', { url: tlsServer.repoUrl('tls'), secretRef: { name: 'cafile' } });
  await createRepo(kube, ns, 'mtls', { url: mtls.repoUrl('mtls'), secretRef: { name: 'mtls' } });
  await createRepo(kube, ns, 'untrusted', { url: tlsServer.repoUrl('tls') });
  await createRepo(kube, ns, 'nocert', { url: mtls.repoUrl('mtls'), secretRef: { name: 'nocert' } });

  assert.equal((await waitFor(kube, ns, 'ca', 'True')).status?.artifact?.revision, `main@sha1:${c1}`);
  assert.equal((await waitFor(kube, ns, 'cafile', 'True')).status?.artifact?.revision, `main@sha1:${c1}`);
  const m = await waitFor(kube, ns, 'mtls', 'True');
  assert.equal(m.status?.artifact?.revision, `main@sha1:${c2}`);
  assert.deepEqual(await filesAt(m.status!.artifact!.url), { 'a.txt': 'mtls\n' });
  for (const name of ['untrusted', 'nocert']) {
    const failed = await waitFor(kube, ns, name, 'False');
    assert.equal(condition(failed, 'FetchFailed')?.reason, 'GitOperationFailed');
    assert.match(condition(failed, 'FetchFailed')?.message ?? '', /unable to list remote for 'https:\/\//);
  }
  await assertNoLeak(kube, ns, ['mtls', 'nocert'], controller, [
    mtls.tls!.client.key.split('\n').slice(1, 2).join(''),
  ]);
});

test('proxySecretRef: fetched through an authenticating HTTP proxy', async (t) => {
  const { kube, ns, controller } = await setup(t);
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  const commit = await server.createRepository('proxied', { files: { 'a.txt': 'p\n' } });
  const proxyPassword = 'proxy-Secret-Pass-55102';
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    const expected = `Basic ${Buffer.from(`pxuser:${proxyPassword}`).toString('base64')}`;
    if (req.headers['proxy-authorization'] !== expected) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"' }).end();
      return;
    }
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: target.pathname + target.search,
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
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => proxy.close(() => r())));
  const port = (proxy.address() as AddressInfo).port;
  await createSecret(kube, ns, 'proxy', {
    address: `http://127.0.0.1:${port}`,
    username: 'pxuser',
    password: proxyPassword,
  });
  await createRepo(kube, ns, 'proxied', {
    url: server.repoUrl('proxied'),
    proxySecretRef: { name: 'proxy' },
  });
  const ready = await waitFor(kube, ns, 'proxied', 'True');
  assert.equal(ready.status?.artifact?.revision, `main@sha1:${commit}`);
  assert.ok(
    seen.some((u) => u.includes('/proxied.git/')),
    'the proxy carried the git traffic',
  );
  await assertNoLeak(kube, ns, ['proxied'], controller, [proxyPassword]);
});

test('ssh: identity with known_hosts, passphrase-protected identity, unknown host key refused', async (t) => {
  if (!haveSshd()) {
    t.skip('no sshd on this machine: the SSH transport cannot be exercised');
    return;
  }
  const { kube, ns, controller } = await setup(t);
  const server = await startGitSshServer();
  t.after(() => server.stop());
  const commit = await (async () => {
    const http = await startGitHttpServer({ reposDir: server.reposDir });
    t.after(() => http.stop());
    return http.createRepository('over-ssh', { files: { 'a.txt': 'ssh\n' } });
  })();
  const url = server.repoUrl('over-ssh');
  await createSecret(kube, ns, 'ssh', {
    identity: server.identity.privateKey,
    'identity.pub': server.identity.publicKey,
    known_hosts: server.knownHosts,
  });
  // a key encrypted with a passphrase, given as the Secret's `password`
  const keyDir = mkdtempSync(join(tmpdir(), 'git-ssh-pass-'));
  t.after(() => rmSync(keyDir, { recursive: true, force: true }));
  const passphrase = 'key-Passphrase-Secret-3310';
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    passphrase,
    '-C',
    'enc',
    '-f',
    join(keyDir, 'id'),
  ]);
  const encrypted = readFileSync(join(keyDir, 'id'), 'utf8');
  server.authorize(readFileSync(join(keyDir, 'id.pub'), 'utf8').trim());
  await createSecret(kube, ns, 'ssh-pass', {
    identity: encrypted,
    password: passphrase,
    known_hosts: server.knownHosts,
  });
  const otherHost = server.knownHosts.replace(
    / [A-Za-z0-9+/=]+$/gm,
    ' AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
  );
  await createSecret(kube, ns, 'ssh-badhost', {
    identity: server.identity.privateKey,
    known_hosts: otherHost,
  });

  await createRepo(kube, ns, 'ssh', { url, secretRef: { name: 'ssh' } });
  await createRepo(kube, ns, 'ssh-pass', { url, secretRef: { name: 'ssh-pass' } });
  await createRepo(kube, ns, 'ssh-badhost', { url, secretRef: { name: 'ssh-badhost' } });
  await createSecret(kube, ns, 'ssh-nohosts', { identity: server.identity.privateKey });
  await createRepo(kube, ns, 'ssh-nohosts', { url, secretRef: { name: 'ssh-nohosts' } });
  await createRepo(kube, ns, 'ssh-nosecret', { url });
  const ready = await waitFor(kube, ns, 'ssh', 'True');
  assert.equal(ready.status?.artifact?.revision, `main@sha1:${commit}`);
  assert.deepEqual(await filesAt(ready.status!.artifact!.url), { 'a.txt': 'ssh\n' });
  assert.equal(
    (await waitFor(kube, ns, 'ssh-pass', 'True')).status?.artifact?.revision,
    `main@sha1:${commit}`,
  );
  const bad = await waitFor(kube, ns, 'ssh-badhost', 'False');
  assert.equal(condition(bad, 'FetchFailed')?.reason, 'GitOperationFailed');
  assert.match(condition(bad, 'FetchFailed')?.message ?? '', /unable to list remote for 'ssh:\/\//);
  for (const [name, what] of [
    ['ssh-nohosts', 'known_hosts'],
    ['ssh-nosecret', 'identity'],
  ]) {
    const invalid = await waitFor(kube, ns, name, 'False');
    assert.equal(condition(invalid, 'FetchFailed')?.reason, 'AuthenticationFailed');
    assert.equal(
      condition(invalid, 'FetchFailed')?.message,
      `failed to configure authentication options: invalid 'ssh' auth option: '${what}' is required`,
    );
  }
  await assertNoLeak(kube, ns, ['ssh', 'ssh-pass', 'ssh-badhost', 'ssh-nohosts'], controller, [
    passphrase,
    server.identity.privateKey.split('\n')[1],
    encrypted.split('\n')[1],
  ]);
});
