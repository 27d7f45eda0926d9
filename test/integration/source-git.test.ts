// GitRepository against the real `git http-backend` (test/servers): branch, tag, semver, name and
// commit refs with Flux's revision strings, the no-op interval (one ls-remote, no clone, no status
// write, counted on the server), new commits, ignore rules, suspend, deletion, and every failure
// Flux names with the previous artifact kept.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { type TestContext, test } from 'node:test';
import { readTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { type GitHttpServer, git, repositoryPath, startGitHttpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import { eventsOf, startTestSourceController, waitForSourceReady } from '../support/source-controller.ts';

type Condition = { type: string; status: string; reason: string; message: string };
type Artifact = {
  revision: string;
  digest: string;
  url: string;
  path: string;
  size?: number;
  lastUpdateTime: string;
};
type GitRepo = KubeObject & {
  spec: Record<string, unknown>;
  status?: {
    artifact?: Artifact;
    conditions?: Condition[];
    observedIgnore?: string;
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
    spec: { interval: '10m', ...spec },
  });
}

const condition = (o: GitRepo, type: string) => o.status?.conditions?.find((c) => c.type === type);

async function waitFor(
  kube: KubeClient,
  ns: string,
  name: string,
  status: 'True' | 'False',
  check: (o: GitRepo) => void = () => {},
): Promise<GitRepo> {
  return waitForSourceReady<GitRepo>(kube, ref(ns, name), status, { check });
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

async function setup(t: TestContext, prefix = 'git') {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, prefix);
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'] });
  return { kube, ns, server, controller };
}

/** Requests of the git protocol seen by the server: ref advertisements and upload-pack POSTs. */
function gitTraffic(server: GitHttpServer, repo: string) {
  const adverts = () =>
    server.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/${repo}.git/info/refs`)).length;
  const posts = () =>
    server.requests.filter((r) => r.method === 'POST' && r.path === `/${repo}.git/git-upload-pack`).length;
  return { adverts, posts };
}

/** The sum of every series of a metric the controller exposes (only GitRepository runs here). */
function metricSum(metrics: { expose(): string }, name: string): number {
  let sum = 0;
  for (const m of metrics.expose().matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm')))
    sum += Number(m[1]);
  return sum;
}

async function requestReconcile(kube: KubeClient, ns: string, name: string): Promise<string> {
  const at = new Date().toISOString();
  await kube.mergePatch(ref(ns, name), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at } },
  });
  return at;
}

test('branch: Ready with Flux revision, artifact formats, download, no-op interval, new commit', async (t) => {
  const { kube, ns, server, controller } = await setup(t);
  const first = await server.createRepository('app', {
    files: {
      'deploy/app.yaml': 'kind: ConfigMap\n',
      '.github/workflows/ci.yaml': 'on: push\n',
      'README.md': 'hello\n',
    },
    message: 'add the app\n\nwith a body that events leave out',
  });
  await createRepo(kube, ns, 'app', { url: server.repoUrl('app'), ref: { branch: 'main' }, interval: '1s' });
  const ready = await waitFor(kube, ns, 'app', 'True');
  const artifact = ready.status?.artifact;
  assert.ok(artifact);
  // Flux's documented formats
  assert.match(first, /^[0-9a-f]{40}$/);
  assert.equal(artifact.revision, `main@sha1:${first}`);
  assert.match(artifact.digest, /^sha256:[0-9a-f]{64}$/);
  assert.equal(artifact.path, `gitrepository/${ns}/app/${first}.tar.gz`);
  // the advertised address the test controller runs with is `localhost:<port>`
  assert.equal(
    artifact.url,
    `http://localhost:${controller.storagePort}/gitrepository/${ns}/app/${first}.tar.gz`,
  );
  assert.ok(artifact.lastUpdateTime);
  assert.equal(condition(ready, 'Ready')?.message, `stored artifact for revision 'main@sha1:${first}'`);
  assert.equal(condition(ready, 'ArtifactInStorage')?.reason, 'Succeeded');
  // the download is the digest's bytes; Flux's default exclusions dropped the CI files
  const data = await download(artifact.url);
  assert.equal(`sha256:${createHash('sha256').update(data).digest('hex')}`, artifact.digest);
  assert.equal(data.length, artifact.size);
  assert.deepEqual(await filesOf(data), { 'deploy/app.yaml': 'kind: ConfigMap\n', 'README.md': 'hello\n' });
  const events = await eventsOf(kube, ns, 'app');
  assert.ok(
    events.includes("Normal NewArtifact: stored artifact for commit 'add the app'"),
    events.join('\n'),
  );

  // no-op intervals: one ref advertisement each, never a fetch, never a status write
  const traffic = gitTraffic(server, 'app');
  const rv = (await kube.get<GitRepo>(ref(ns, 'app'))).metadata?.resourceVersion;
  const adverts = traffic.adverts();
  const posts = traffic.posts();
  await eventually(() => assert.ok(traffic.adverts() >= adverts + 2, `adverts ${traffic.adverts()}`), {
    timeoutMs: 20_000,
  });
  const rounds = traffic.adverts() - adverts;
  // protocol v2: ls-remote is one GET and one ls-refs POST; a clone would add fetch POSTs
  assert.ok(traffic.posts() - posts <= rounds, `posts ${traffic.posts() - posts} for ${rounds} ls-remotes`);
  assert.equal((await kube.get<GitRepo>(ref(ns, 'app'))).metadata?.resourceVersion, rv);

  // a new commit is a new artifact and a NewArtifact event
  const second = await server.pushCommit('app', {
    files: { 'deploy/app.yaml': 'kind: Secret\n' },
    message: 'a subject that is longer than fifty characters in total, surely',
  });
  const updated = await waitFor(kube, ns, 'app', 'True', (o) =>
    assert.equal(o.status?.artifact?.revision, `main@sha1:${second}`),
  );
  assert.equal(updated.status?.artifact?.path, `gitrepository/${ns}/app/${second}.tar.gz`);
  assert.deepEqual(await filesOf(await download(updated.status!.artifact!.url)), {
    'deploy/app.yaml': 'kind: Secret\n',
    'README.md': 'hello\n',
  });
  await eventually(async () => {
    const ev = await eventsOf(kube, ns, 'app');
    assert.ok(
      ev.includes(
        "Normal NewArtifact: stored artifact for commit 'a subject that is longer than fifty characters in ...'",
      ),
      ev.join('\n'),
    );
  });
});

test('refs: tag, annotated tag, semver, name, commit and default branch in Flux revision form', async (t) => {
  const { kube, ns, server } = await setup(t);
  const c1 = await server.createRepository('refs', { branch: 'master', files: { 'a.txt': '1\n' } });
  await server.createTag('refs', 'v1.0.0');
  const c2 = await server.pushCommit('refs', { files: { 'a.txt': '2\n' } });
  await server.createTag('refs', 'v1.2.3', { message: 'annotated' });
  const c3 = await server.pushCommit('refs', { branch: 'dev', files: { 'a.txt': 'dev\n' } });
  // a pull request head, as forges advertise them
  await git(['update-ref', 'refs/pull/1/head', c3], { cwd: repositoryPath(server.reposDir, 'refs') });
  const url = server.repoUrl('refs');
  await createRepo(kube, ns, 'default', { url });
  await createRepo(kube, ns, 'tag', { url, ref: { tag: 'v1.0.0' } });
  await createRepo(kube, ns, 'annotated', { url, ref: { tag: 'v1.2.3' } });
  await createRepo(kube, ns, 'semver', { url, ref: { semver: '>=1.0.0 <2.0.0', tag: 'v1.0.0' } });
  await createRepo(kube, ns, 'name', { url, ref: { name: 'refs/heads/dev', branch: 'master' } });
  await createRepo(kube, ns, 'commit', { url, ref: { commit: c1, branch: 'master' } });
  await createRepo(kube, ns, 'bare-commit', { url, ref: { commit: c1 } });
  await createRepo(kube, ns, 'pull', { url, ref: { name: 'refs/pull/1/head' } });
  const revision = async (name: string) => (await waitFor(kube, ns, name, 'True')).status?.artifact?.revision;
  assert.equal(await revision('default'), `master@sha1:${c2}`);
  assert.equal(await revision('tag'), `v1.0.0@sha1:${c1}`);
  // an annotated tag names the commit it points to, not the tag object
  assert.equal(await revision('annotated'), `v1.2.3@sha1:${c2}`);
  assert.equal(await revision('semver'), `v1.2.3@sha1:${c2}`);
  assert.equal(await revision('name'), `refs/heads/dev@sha1:${c3}`);
  assert.equal(await revision('commit'), `master@sha1:${c1}`);
  assert.equal(await revision('bare-commit'), `sha1:${c1}`);
  assert.equal(await revision('pull'), `refs/pull/1/head@sha1:${c3}`);
  const files = await filesOf(
    await download((await kube.get<GitRepo>(ref(ns, 'bare-commit'))).status!.artifact!.url),
  );
  assert.deepEqual(files, { 'a.txt': '1\n' });
});

test('ignore: spec.ignore and .sourceignore files shape the artifact; changing ignore rebuilds', async (t) => {
  const { kube, ns, server } = await setup(t);
  const commit = await server.createRepository('ign', {
    files: {
      'apps/a.yaml': 'a\n',
      'apps/b.yaml': 'b\n',
      'apps/.sourceignore': 'b.yaml\n',
      'docs/readme.md': 'docs\n',
      'keep.txt': 'keep\n',
    },
  });
  await createRepo(kube, ns, 'ign', {
    url: server.repoUrl('ign'),
    ref: { branch: 'main' },
    ignore: 'docs/\n',
  });
  const ready = await waitFor(kube, ns, 'ign', 'True');
  assert.equal(ready.status?.observedIgnore, 'docs/\n');
  assert.deepEqual(await filesOf(await download(ready.status!.artifact!.url)), {
    'apps/.sourceignore': 'b.yaml\n',
    'apps/a.yaml': 'a\n',
    'keep.txt': 'keep\n',
  });
  const digest = ready.status?.artifact?.digest;
  // same commit, other ignore rules: content changes, the revision does not
  const traffic = gitTraffic(server, 'ign');
  const posts = traffic.posts();
  await kube.mergePatch(ref(ns, 'ign'), { spec: { ignore: '*.txt\n' } });
  const rebuilt = await waitFor(kube, ns, 'ign', 'True', (o) =>
    assert.equal(o.status?.observedIgnore, '*.txt\n'),
  );
  assert.equal(rebuilt.status?.artifact?.revision, `main@sha1:${commit}`);
  assert.notEqual(rebuilt.status?.artifact?.digest, digest);
  assert.ok(traffic.posts() > posts + 1, 'the changed ignore rules made a clone');
  assert.deepEqual(await filesOf(await download(rebuilt.status!.artifact!.url)), {
    'apps/.sourceignore': 'b.yaml\n',
    'apps/a.yaml': 'a\n',
    'docs/readme.md': 'docs\n',
  });
});

test('failures: unknown ref, unreachable host, invalid url, missing secret; previous artifact kept', async (t) => {
  const { kube, ns, server, controller } = await setup(t);
  const commit = await server.createRepository('fail', { files: { 'a.txt': 'a\n' } });
  const url = server.repoUrl('fail');

  await createRepo(kube, ns, 'unknown', { url, ref: { branch: 'nope' } });
  const unknown = await waitFor(kube, ns, 'unknown', 'False', (o) =>
    assert.equal(condition(o, 'FetchFailed')?.reason, 'GitOperationFailed'),
  );
  assert.equal(
    condition(unknown, 'FetchFailed')?.message,
    `failed to checkout and determine revision: unable to clone '${url}': couldn't find remote ref "refs/heads/nope"`,
  );
  assert.equal(condition(unknown, 'Ready')?.reason, 'GitOperationFailed');
  await eventually(async () => {
    const ev = await eventsOf(kube, ns, 'unknown');
    assert.ok(
      ev.some((e) => e.startsWith('Warning GitOperationFailed: ') && e.includes('refs/heads/nope')),
      ev.join('\n'),
    );
  });

  await createRepo(kube, ns, 'unreachable', {
    url: 'http://127.0.0.1:1/nothing.git',
    ref: { branch: 'main' },
  });
  const unreachable = await waitFor(kube, ns, 'unreachable', 'False');
  assert.equal(condition(unreachable, 'FetchFailed')?.reason, 'GitOperationFailed');
  assert.match(
    condition(unreachable, 'FetchFailed')?.message ?? '',
    /^failed to checkout and determine revision: unable to list remote for 'http:\/\/127\.0\.0\.1:1\/nothing\.git': .+/,
  );

  // a server that accepts connections and never answers: spec.timeout ends the attempt
  const held = new Set<Socket>();
  const silent = createServer((socket) => {
    held.add(socket);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  t.after(() => {
    for (const socket of held) socket.destroy();
    silent.close();
  });
  const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow.git`;
  await createRepo(kube, ns, 'timeout', { url: silentUrl, ref: { branch: 'main' }, timeout: '1s' });
  const timedOut = await waitFor(kube, ns, 'timeout', 'False');
  assert.equal(
    condition(timedOut, 'FetchFailed')?.message,
    `failed to checkout and determine revision: unable to list remote for '${silentUrl}': context deadline exceeded`,
  );

  // passes the CRD's pattern, but is no URL: stalled, not retried
  await createRepo(kube, ns, 'invalid', { url: 'http://exa mple/[x', ref: { branch: 'main' } });
  const invalid = await waitFor(kube, ns, 'invalid', 'False', (o) =>
    assert.equal(condition(o, 'Stalled')?.status, 'True'),
  );
  assert.equal(condition(invalid, 'Stalled')?.reason, 'URLInvalid');
  assert.equal(condition(invalid, 'Ready')?.reason, 'URLInvalid');
  assert.match(condition(invalid, 'Ready')?.message ?? '', /^failed to parse url 'http:\/\/exa mple\/\[x'/);
  assert.equal(condition(invalid, 'Reconciling'), undefined);
  // the API server refuses other schemes outright, as Flux's CRD does
  await assert.rejects(createRepo(kube, ns, 'ftp', { url: 'ftp://example.com/repo.git' }));

  await createRepo(kube, ns, 'nosecret', { url, ref: { branch: 'main' }, secretRef: { name: 'absent' } });
  const nosecret = await waitFor(kube, ns, 'nosecret', 'False');
  assert.equal(condition(nosecret, 'FetchFailed')?.reason, 'AuthenticationFailed');
  assert.equal(
    condition(nosecret, 'FetchFailed')?.message,
    `failed to get secret '${ns}/absent': secrets "absent" not found`,
  );

  // a working repository turned bad keeps serving its last artifact
  await createRepo(kube, ns, 'kept', { url, ref: { branch: 'main' } });
  const good = await waitFor(kube, ns, 'kept', 'True');
  assert.equal(good.status?.artifact?.revision, `main@sha1:${commit}`);
  await kube.mergePatch(ref(ns, 'kept'), { spec: { ref: { branch: 'gone' } } });
  const bad = await waitFor(kube, ns, 'kept', 'False');
  assert.deepEqual(bad.status?.artifact, good.status?.artifact);
  assert.deepEqual(await filesOf(await download(bad.status!.artifact!.url)), { 'a.txt': 'a\n' });
  assert.equal(condition(bad, 'ArtifactInStorage')?.status, 'True');
  assert.ok(controller.logs.length > 0);
});

test('suspend stops reconciling; deletion removes the artifacts and the finalizer', async (t) => {
  const { kube, ns, server, controller } = await setup(t);
  await server.createRepository('life', { files: { 'a.txt': 'a\n' } });
  await createRepo(kube, ns, 'life', { url: server.repoUrl('life'), ref: { branch: 'main' } });
  const ready = await waitFor(kube, ns, 'life', 'True');
  assert.ok(ready.metadata?.finalizers?.includes('finalizers.fluxcd.io'));
  const url = ready.status!.artifact!.url;
  await download(url);

  await kube.mergePatch(ref(ns, 'life'), { spec: { suspend: true } });
  await eventually(async () => {
    const o = await kube.get<GitRepo>(ref(ns, 'life'));
    assert.equal(o.spec.suspend, true);
  });
  // a reconcile already running when suspend landed may still finish: let it, then count
  await eventually(() => {
    assert.equal(metricSum(controller.metrics, 'controller_runtime_active_workers'), 0);
    assert.equal(metricSum(controller.metrics, 'workqueue_depth'), 0);
  });
  const traffic = gitTraffic(server, 'life');
  const adverts = traffic.adverts();
  const reconciles = metricSum(controller.metrics, 'controller_runtime_reconcile_total');
  const second = await server.pushCommit('life', { files: { 'a.txt': 'b\n' } });
  await requestReconcile(kube, ns, 'life');
  // the witness: the controller handles the request (a reconcile ends), and it did not touch git
  await eventually(() =>
    assert.ok(metricSum(controller.metrics, 'controller_runtime_reconcile_total') > reconciles),
  );
  assert.equal(traffic.adverts(), adverts);
  assert.equal(
    (await kube.get<GitRepo>(ref(ns, 'life'))).status?.artifact?.revision,
    ready.status?.artifact?.revision,
  );

  await kube.mergePatch(ref(ns, 'life'), { spec: { suspend: false } });
  await waitFor(kube, ns, 'life', 'True', (o) =>
    assert.equal(o.status?.artifact?.revision, `main@sha1:${second}`),
  );

  await kube.delete(ref(ns, 'life'));
  await eventually(async () => {
    await assert.rejects(kube.get(ref(ns, 'life')));
  });
  const res = await fetch(url);
  assert.equal(res.status, 404);
});
