// GitRepository features against the real git http-backend (test/servers): include (copies,
// IncludeUnavailable, the watch re-queueing the includer, content change without a revision
// change), signature verification with real gpg and ssh-keygen signers (HEAD, Tag, TagAndHEAD,
// failures), submodules, sparse checkout and symbolic links.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { readTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import {
  createGpgSigner,
  createSshSigner,
  git,
  makeTempDir,
  removeTempDir,
  repositoryPath,
  startGitHttpServer,
} from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import { createSecret, startTestSourceController, waitForSourceReady } from '../support/source-controller.ts';

type Condition = { type: string; status: string; reason: string; message: string };
type Artifact = { revision: string; digest: string; url: string };
type GitRepo = KubeObject & {
  spec: Record<string, unknown>;
  status?: {
    artifact?: Artifact;
    conditions?: Condition[];
    includedArtifacts?: Artifact[];
    observedInclude?: unknown[];
    observedSparseCheckout?: string[];
    observedRecurseSubmodules?: boolean;
    sourceVerificationMode?: string;
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
  check: (o: GitRepo) => void = () => {},
  timeoutMs = 30_000,
): Promise<GitRepo> {
  return waitForSourceReady<GitRepo>(kube, ref(ns, name), status, { check, timeoutMs });
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

async function setup(t: TestContext) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'gitfeat');
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'] });
  return { kube, ns, server };
}

test('include: waits for the included repository, copies it, follows its new artifacts', async (t) => {
  const { kube, ns, server } = await setup(t);
  const app = await server.createRepository('app', { files: { 'app.yaml': 'app\n' } });
  await server.createRepository('lib', { files: { 'manifests/lib.yaml': 'lib v1\n', 'README.md': 'lib\n' } });
  await server.createRepository('extra', { files: { 'extra.yaml': 'extra\n' } });
  await createRepo(kube, ns, 'app', {
    url: server.repoUrl('app'),
    include: [
      { repository: { name: 'lib' }, fromPath: 'manifests', toPath: 'vendor/lib' },
      { repository: { name: 'extra' } },
    ],
  });
  const waiting = await waitFor(kube, ns, 'app', 'False', (o) =>
    assert.equal(condition(o, 'IncludeUnavailable')?.status, 'True'),
  );
  assert.equal(condition(waiting, 'IncludeUnavailable')?.reason, 'NotFound');
  assert.match(
    condition(waiting, 'IncludeUnavailable')?.message ?? '',
    /^could not get resource for include 'lib'/,
  );

  await createRepo(kube, ns, 'lib', { url: server.repoUrl('lib') });
  await createRepo(kube, ns, 'extra', { url: server.repoUrl('extra') });
  // the includer is re-queued by the watch, well before Flux's 30 s dependency requeue
  const ready = await waitFor(kube, ns, 'app', 'True', () => {}, 20_000);
  assert.equal(ready.status?.artifact?.revision, `main@sha1:${app}`);
  assert.equal(condition(ready, 'IncludeUnavailable'), undefined);
  assert.deepEqual(await filesAt(ready.status!.artifact!.url), {
    'app.yaml': 'app\n',
    'vendor/lib/lib.yaml': 'lib v1\n',
    'extra/extra.yaml': 'extra\n',
  });
  const lib = await kube.get<GitRepo>(ref(ns, 'lib'));
  const extra = await kube.get<GitRepo>(ref(ns, 'extra'));
  assert.deepEqual(
    ready.status?.includedArtifacts?.map((a) => [a.revision, a.digest]),
    [lib, extra].map((o) => [o.status?.artifact?.revision, o.status?.artifact?.digest]),
  );
  assert.equal(ready.status?.observedInclude?.length, 2);

  // a new commit in the included repository: same revision, new content and digest
  await server.pushCommit('lib', { files: { 'manifests/lib.yaml': 'lib v2\n' } });
  await kube.mergePatch(ref(ns, 'lib'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } },
  });
  const updated = await waitFor(
    kube,
    ns,
    'app',
    'True',
    (o) => assert.notEqual(o.status?.artifact?.digest, ready.status?.artifact?.digest),
    20_000,
  );
  assert.equal(updated.status?.artifact?.revision, `main@sha1:${app}`);
  assert.equal((await filesAt(updated.status!.artifact!.url))['vendor/lib/lib.yaml'], 'lib v2\n');
  // the second NewArtifact event has the same text, so the API server counts it on the first
  await eventually(async () => {
    const list = await kube.list<
      KubeObject & { reason: string; count?: number; involvedObject: { name: string } }
    >({ version: 'v1', resource: 'events', namespace: ns });
    const newArtifact = list.items.filter(
      (e) => e.involvedObject.name === 'app' && e.reason === 'NewArtifact',
    );
    assert.equal(
      newArtifact.reduce((n, e) => n + (e.count ?? 1), 0),
      2,
      JSON.stringify(newArtifact),
    );
  });

  // an included repository without an artifact: NoArtifact
  await createRepo(kube, ns, 'broken', { url: server.repoUrl('missing') });
  await createRepo(kube, ns, 'app2', {
    url: server.repoUrl('app'),
    include: [{ repository: { name: 'broken' } }],
  });
  const noArtifact = await waitFor(kube, ns, 'app2', 'False', (o) =>
    assert.equal(condition(o, 'IncludeUnavailable')?.reason, 'NoArtifact'),
  );
  assert.equal(
    condition(noArtifact, 'IncludeUnavailable')?.message,
    "no artifact available for include 'broken'",
  );
});

test('verify: OpenPGP and SSH signed commits and tags; unsigned or untrusted fail', async (t) => {
  const { kube, ns, server } = await setup(t);
  const gpgSigner = await createGpgSigner();
  t.after(() => gpgSigner.dispose());
  const sshSigner = await createSshSigner();
  t.after(() => sshSigner.dispose());
  const other = await createGpgSigner({ name: 'someone else', email: 'else@tsflux.invalid' });
  t.after(() => other.dispose());

  const signed = await server.createRepository('signed', { files: { 'a.txt': 'a\n' }, signer: gpgSigner });
  await server.createTag('signed', 'v1.0.0', { signer: gpgSigner, message: 'release' });
  await server.createTag('signed', 'v0.0.1', { message: 'unsigned annotated' });
  const sshSigned = await server.createRepository('ssh-signed', {
    files: { 'b.txt': 'b\n' },
    signer: sshSigner,
  });
  await createSecret(kube, ns, 'pgp', { 'author.asc': gpgSigner.publicKey });
  await createSecret(kube, ns, 'ssh', { 'author.sshpub': sshSigner.publicKey });
  await createSecret(kube, ns, 'untrusted', { 'other.asc': other.publicKey });
  const keyId = gpgSigner.fingerprint.slice(-16).toUpperCase();

  await createRepo(kube, ns, 'head', {
    url: server.repoUrl('signed'),
    verify: { secretRef: { name: 'pgp' } },
  });
  const head = await waitFor(kube, ns, 'head', 'True');
  assert.equal(condition(head, 'SourceVerified')?.status, 'True');
  assert.equal(condition(head, 'SourceVerified')?.reason, 'Succeeded');
  assert.equal(
    condition(head, 'SourceVerified')?.message,
    `verified signature of\n\t- commit '${signed}' with key '${keyId}'`,
  );
  assert.equal(head.status?.sourceVerificationMode, 'HEAD');

  await createRepo(kube, ns, 'ssh', {
    url: server.repoUrl('ssh-signed'),
    verify: { mode: 'HEAD', secretRef: { name: 'ssh' } },
  });
  const ssh = await waitFor(kube, ns, 'ssh', 'True');
  assert.equal(
    condition(ssh, 'SourceVerified')?.message,
    `verified signature of\n\t- commit '${sshSigned}' with key '${sshSigner.fingerprint}'`,
  );

  await createRepo(kube, ns, 'tag', {
    url: server.repoUrl('signed'),
    ref: { tag: 'v1.0.0' },
    verify: { mode: 'TagAndHEAD', secretRef: { name: 'pgp' } },
  });
  const tagged = await waitFor(kube, ns, 'tag', 'True');
  const tagObject = await git(['rev-parse', 'v1.0.0'], { cwd: repositoryPath(server.reposDir, 'signed') });
  assert.equal(
    condition(tagged, 'SourceVerified')?.message,
    `verified signature of\n\t- tag 'v1.0.0@sha1:${tagObject}' with key '${keyId}'\n\t- commit '${signed}' with key '${keyId}'`,
  );
  assert.equal(tagged.status?.sourceVerificationMode, 'TagAndHEAD');

  // failures
  await createRepo(kube, ns, 'untrusted', {
    url: server.repoUrl('signed'),
    verify: { secretRef: { name: 'untrusted' } },
  });
  const untrusted = await waitFor(kube, ns, 'untrusted', 'False');
  assert.equal(condition(untrusted, 'SourceVerified')?.status, 'False');
  assert.equal(condition(untrusted, 'SourceVerified')?.reason, 'InvalidCommitSignature');
  assert.match(
    condition(untrusted, 'SourceVerified')?.message ?? '',
    new RegExp(`^signature verification of commit '${signed}' failed: `),
  );
  assert.equal(condition(untrusted, 'Ready')?.reason, 'InvalidCommitSignature');
  assert.equal(untrusted.status?.artifact, undefined);

  await createRepo(kube, ns, 'tag-on-branch', {
    url: server.repoUrl('signed'),
    verify: { mode: 'Tag', secretRef: { name: 'pgp' } },
  });
  const stalled = await waitFor(kube, ns, 'tag-on-branch', 'False', (o) =>
    assert.equal(condition(o, 'Stalled')?.status, 'True'),
  );
  assert.equal(condition(stalled, 'SourceVerified')?.reason, 'InvalidVerificationMode');
  assert.equal(
    condition(stalled, 'SourceVerified')?.message,
    "cannot verify tag object's signature if a tag reference is not specified",
  );

  await createRepo(kube, ns, 'unsigned-tag', {
    url: server.repoUrl('signed'),
    ref: { tag: 'v0.0.1' },
    verify: { mode: 'Tag', secretRef: { name: 'pgp' } },
  });
  const unsignedTag = await waitFor(kube, ns, 'unsigned-tag', 'False');
  assert.equal(condition(unsignedTag, 'SourceVerified')?.reason, 'InvalidTagSignature');

  await createRepo(kube, ns, 'nokeys', {
    url: server.repoUrl('signed'),
    verify: { secretRef: { name: 'absent' } },
  });
  const nokeys = await waitFor(kube, ns, 'nokeys', 'False');
  assert.equal(condition(nokeys, 'SourceVerified')?.reason, 'VerificationError');
  assert.equal(
    condition(nokeys, 'SourceVerified')?.message,
    'PGP public keys secret error: secrets "absent" not found',
  );

  // an unsigned commit on a verified branch: failure, the verified artifact stays
  const unsigned = await server.pushCommit('signed', { files: { 'a.txt': 'evil\n' } });
  await kube.mergePatch(ref(ns, 'head'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } },
  });
  const rejected = await waitFor(kube, ns, 'head', 'False');
  assert.equal(condition(rejected, 'SourceVerified')?.reason, 'InvalidCommitSignature');
  assert.match(
    condition(rejected, 'SourceVerified')?.message ?? '',
    new RegExp(`commit '${unsigned}' failed`),
  );
  assert.equal(rejected.status?.artifact?.revision, `main@sha1:${signed}`);
  assert.deepEqual(await filesAt(rejected.status!.artifact!.url), { 'a.txt': 'a\n' });
});

test('submodules, sparse checkout and symbolic links shape the artifact', async (t) => {
  const { kube, ns, server } = await setup(t);
  await server.createRepository('child', { files: { 'child.yaml': 'child\n' } });
  await server.createRepository('parent', {
    files: { 'parent.yaml': 'parent\n', 'apps/a.yaml': 'a\n', 'infra/i.yaml': 'i\n', 'base/b.yaml': 'b\n' },
  });
  // add the submodule and a link inside the tree with plain git, as a user would
  const work = makeTempDir('git-submodule');
  t.after(() => removeTempDir(work));
  await git(['clone', '--quiet', repositoryPath(server.reposDir, 'parent'), work]);
  await git(['submodule', '--quiet', 'add', server.repoUrl('child'), 'child'], { cwd: work });
  await git(['-c', 'core.symlinks=true', 'checkout', '--quiet'], { cwd: work });
  await import('node:fs').then((fs) => {
    fs.symlinkSync('../base', `${work}/apps/linked`);
    fs.symlinkSync('/etc/hostname', `${work}/outside`);
  });
  await git(['add', '--all'], { cwd: work });
  await git(['commit', '--quiet', '-m', 'add child and links'], { cwd: work });
  await git(['push', '--quiet', 'origin', 'HEAD:main'], { cwd: work });

  await createRepo(kube, ns, 'plain', { url: server.repoUrl('parent') });
  await createRepo(kube, ns, 'recursive', { url: server.repoUrl('parent'), recurseSubmodules: true });
  await createRepo(kube, ns, 'sparse', { url: server.repoUrl('parent'), sparseCheckout: ['./apps', 'base'] });
  await createRepo(kube, ns, 'sparse-missing', { url: server.repoUrl('parent'), sparseCheckout: ['nope'] });

  const plain = await waitFor(kube, ns, 'plain', 'True');
  const plainFiles = await filesAt(plain.status!.artifact!.url);
  assert.equal(plainFiles['child/child.yaml'], undefined);
  // a link inside the tree is archived as a copy of its target; one pointing outside is left out
  assert.equal(plainFiles['apps/linked/b.yaml'], 'b\n');
  assert.equal(plainFiles.outside, undefined);

  const recursive = await waitFor(kube, ns, 'recursive', 'True');
  assert.equal(recursive.status?.observedRecurseSubmodules, true);
  assert.equal((await filesAt(recursive.status!.artifact!.url))['child/child.yaml'], 'child\n');

  const sparse = await waitFor(kube, ns, 'sparse', 'True');
  assert.deepEqual(sparse.status?.observedSparseCheckout, ['./apps', 'base']);
  const sparseFiles = Object.keys(await filesAt(sparse.status!.artifact!.url)).sort();
  assert.ok(sparseFiles.includes('apps/a.yaml') && sparseFiles.includes('base/b.yaml'), sparseFiles.join());
  assert.ok(!sparseFiles.some((f) => f.startsWith('infra/')), sparseFiles.join());

  const missing = await waitFor(kube, ns, 'sparse-missing', 'False');
  assert.equal(condition(missing, 'FetchFailed')?.reason, 'GitOperationFailed');
  assert.match(
    condition(missing, 'FetchFailed')?.message ?? '',
    /^sparse checkout dir 'nope' does not exist in repository/,
  );
});
