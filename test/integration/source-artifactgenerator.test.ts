// ArtifactGenerator (Flux's source-watcher) on the real control plane with the real source
// controller process: the example fleet's staging generator splits a GitRepository artifact into
// the `infrastructure` and `apps` ExternalArtifacts with the file sets its copy rules declare; an
// unchanged source is a no-op, a changed file only re-generates the artifact that copies it, an
// artifact dropped from the spec is garbage-collected, deletion removes everything, and spec or
// source failures show Flux's reasons and messages.
//
// Most tests write the GitRepository's artifact themselves (tarball in the controller's storage
// and a status patch) to depend only on the generator; the last one runs the whole chain: the
// example repository pushed to the real git server, the real GitRepository reconciler, then the
// generator.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type TestContext, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { type ArchiveFile, createTarGz, readTarGz } from '../../src/engines/artifact/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { startGitHttpServer, startS3Server } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  eventsOf,
  startTestSourceController,
  type TestSourceController,
} from '../support/source-controller.ts';

const exampleRepo = join(import.meta.dirname, '../../../shared/fixtures/repos/flux2-kustomize-helm-example');

type Condition = {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
};
type ArtifactStatus = {
  revision: string;
  digest: string;
  url: string;
  path: string;
  size?: number;
  metadata?: Record<string, string>;
};
type Generator = KubeObject & {
  spec: Record<string, any>;
  status?: {
    conditions?: Condition[];
    inventory?: { name: string; namespace: string; digest: string; filename: string }[];
    observedSourcesDigest?: string;
    lastHandledReconcileAt?: string;
  };
};
type ExternalArtifact = KubeObject & {
  spec?: { sourceRef?: Record<string, string> };
  status?: { artifact?: ArtifactStatus; conditions?: Condition[] };
};

const gitRef = (ns: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'gitrepositories',
  namespace: ns,
  name,
});
const genRef = (ns: string, name?: string) => ({
  group: 'source.extensions.fluxcd.io',
  version: 'v1beta1',
  resource: 'artifactgenerators',
  namespace: ns,
  name,
});
const eaRef = (ns: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'externalartifacts',
  namespace: ns,
  name,
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The example repository as archive files (what a GitRepository artifact of it contains). */
function exampleFiles(): ArchiveFile[] {
  return walk(exampleRepo).map((p) => ({ path: relative(exampleRepo, p), data: readFileSync(p) }));
}

/** The staging ArtifactGenerator of the example fleet, moved to the test namespace. */
function stagingGenerator(ns: string): Generator {
  const doc = parseAllDocuments(readFileSync(join(exampleRepo, 'clusters/staging/artifacts.yaml'), 'utf8'))
    .map((d) => d.toJS())
    .find((d) => d.kind === 'ArtifactGenerator');
  return { ...doc, metadata: { ...doc.metadata, namespace: ns } };
}

/** Files below `dir` of the example repository, re-rooted under `prefix`. */
function filesUnder(dir: string, prefix: string): string[] {
  return walk(join(exampleRepo, dir)).map((p) => prefix + relative(join(exampleRepo, dir), p));
}

/** Creates the GitRepository and publishes `files` as its artifact at `commit`. */
async function publishGitArtifact(
  kube: KubeClient,
  controller: TestSourceController,
  ns: string,
  name: string,
  files: ArchiveFile[],
  commit: string,
): Promise<void> {
  try {
    await kube.create(gitRef(ns), {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name, namespace: ns },
      spec: { interval: '1h', url: 'http://git.invalid/fleet.git', ref: { branch: 'main' } },
    });
  } catch (e: unknown) {
    if ((e as { status?: number }).status !== 409) throw e;
  }
  const revision = `main@sha1:${commit}`;
  const base = controller.storage.artifactFor('GitRepository', ns, name, `${commit}.tar.gz`, revision);
  const artifact = await controller.storage.write(base, await createTarGz(files));
  await kube.patchStatus(gitRef(ns, name), {
    status: {
      artifact,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Succeeded',
          message: `stored artifact for revision '${revision}'`,
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      ],
    },
  });
}

const condition = (o: { status?: { conditions?: Condition[] } }, type: string) =>
  o.status?.conditions?.find((c) => c.type === type);

async function waitReady(
  kube: KubeClient,
  ns: string,
  name: string,
  check: (g: Generator) => void = () => {},
) {
  return eventually(
    async () => {
      const g = await kube.get<Generator>(genRef(ns, name));
      const ready = condition(g, 'Ready');
      assert.equal(ready?.status, 'True', JSON.stringify(g.status?.conditions));
      assert.equal(ready?.observedGeneration, g.metadata?.generation);
      check(g);
      return g;
    },
    { timeoutMs: 30_000, what: `${name} Ready` },
  );
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return Buffer.from(await res.arrayBuffer());
}

const fileList = async (data: Buffer) =>
  (await readTarGz(data))
    .filter((e) => e.type === 'file')
    .map((e) => e.path)
    .sort();

async function setup(t: TestContext, prefix: string) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, prefix);
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['ArtifactGenerator'] });
  return { kube, ns, controller };
}

test('the staging generator of the example fleet splits the repository into two Ready ExternalArtifacts', async (t) => {
  const { kube, ns, controller } = await setup(t, 'ag');
  const commit = 'a'.repeat(40);
  await publishGitArtifact(kube, controller, ns, 'flux-system', exampleFiles(), commit);
  await kube.create(genRef(ns), stagingGenerator(ns));

  const gen = await waitReady(kube, ns, 'flux-system', (g) => assert.equal(g.status?.inventory?.length, 2));
  assert.equal(condition(gen, 'Ready')?.reason, 'Succeeded');
  assert.equal(condition(gen, 'Ready')?.message, 'reconciliation succeeded, generated 2 artifact(s)');
  assert.equal(condition(gen, 'Reconciling'), undefined);
  assert.deepEqual(gen.metadata?.finalizers, ['source.extensions.fluxcd.io/finalizer']);
  assert.match(gen.status?.observedSourcesDigest ?? '', /^sha256:[0-9a-f]{64}$/);

  const expected: Record<string, string[]> = {
    infrastructure: filesUnder('infrastructure', '').sort(),
    apps: [...filesUnder('apps/base', 'base/'), ...filesUnder('apps/staging', 'staging/')].sort(),
  };
  for (const [name, files] of Object.entries(expected)) {
    const ea = await kube.get<ExternalArtifact>(eaRef(ns, name));
    const artifact = ea.status?.artifact;
    assert.ok(artifact, `${name} has an artifact`);
    const data = await download(artifact.url);
    assert.deepEqual(await fileList(data), files, name);
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    assert.equal(artifact.digest, digest);
    assert.equal(artifact.revision, `latest@${digest}`);
    assert.equal(artifact.size, data.length);
    assert.match(artifact.path, new RegExp(`^externalartifact/${ns}/${name}/\\d+\\.tar\\.gz$`));
    // originRevision: '@monorepo' carries the Git revision into the artifact metadata
    assert.deepEqual(artifact.metadata, { 'org.opencontainers.image.revision': `main@sha1:${commit}` });
    assert.deepEqual(ea.spec?.sourceRef, {
      apiVersion: 'source.extensions.fluxcd.io/v1beta1',
      kind: 'ArtifactGenerator',
      name: 'flux-system',
      namespace: ns,
    });
    assert.equal(ea.metadata?.labels?.['app.kubernetes.io/managed-by'], 'source-watcher');
    assert.equal(ea.metadata?.labels?.['source.extensions.fluxcd.io/generator'], gen.metadata?.uid);
    assert.equal(condition(ea, 'Ready')?.status, 'True');
    assert.equal(condition(ea, 'Ready')?.message, 'Artifact is ready');
    const entry = gen.status?.inventory?.find((r) => r.name === name);
    assert.deepEqual(entry, { name, namespace: ns, digest, filename: artifact.path.split('/').pop() });
  }
  await eventually(async () => {
    const events = await eventsOf(kube, ns, 'flux-system');
    assert.ok(
      events.includes('Normal Ready: reconciliation succeeded, generated 2 artifact(s)'),
      events.join('\n'),
    );
    for (const name of ['infrastructure', 'apps']) {
      const ea = await kube.get<ExternalArtifact>(eaRef(ns, name));
      assert.ok(
        events.includes(
          `Normal Ready: ExternalArtifact/${ns}/${name} reconciled with revision ${ea.status?.artifact?.revision}`,
        ),
        events.join('\n'),
      );
    }
  });
  assert.match(
    controller.metrics.expose(),
    new RegExp(
      `gotk_reconcile_duration_seconds_count\\{kind="ArtifactGenerator",name="flux-system",namespace="${ns}"\\} [1-9]`,
    ),
  );
});

test('an unchanged source is a no-op; a changed file regenerates only the artifact that copies it', async (t) => {
  const { kube, ns, controller } = await setup(t, 'ag-change');
  const files = exampleFiles();
  await publishGitArtifact(kube, controller, ns, 'flux-system', files, 'b'.repeat(40));
  await kube.create(genRef(ns), stagingGenerator(ns));
  const first = await waitReady(kube, ns, 'flux-system', (g) => assert.equal(g.status?.inventory?.length, 2));
  const digestOf = (g: Generator, name: string) => g.status?.inventory?.find((r) => r.name === name)?.digest;

  // a reconcile request with nothing changed: no new artifact, Flux's no-drift event
  await kube.mergePatch(genRef(ns, 'flux-system'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now-1' } },
  });
  const noop = await waitReady(kube, ns, 'flux-system', (g) =>
    assert.equal(g.status?.lastHandledReconcileAt, 'now-1'),
  );
  assert.deepEqual(noop.status?.inventory, first.status?.inventory);
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'flux-system')).includes(
        'Normal Ready: No drift detected, 2 artifact(s) up to date',
      ),
    ),
  );

  // a new commit touching only apps/staging: the source watch regenerates, infrastructure keeps its digest
  const changed = files.map((f) =>
    f.path === 'apps/staging/podinfo-values.yaml'
      ? { ...f, data: Buffer.concat([Buffer.from(f.data), Buffer.from('# changed\n')]) }
      : f,
  );
  await publishGitArtifact(kube, controller, ns, 'flux-system', changed, 'c'.repeat(40));
  const second = await waitReady(kube, ns, 'flux-system', (g) =>
    assert.notEqual(g.status?.observedSourcesDigest, first.status?.observedSourcesDigest),
  );
  assert.equal(digestOf(second, 'infrastructure'), digestOf(first, 'infrastructure'));
  assert.notEqual(digestOf(second, 'apps'), digestOf(first, 'apps'));
  const apps = await kube.get<ExternalArtifact>(eaRef(ns, 'apps'));
  const data = await download(apps.status!.artifact!.url);
  const values = (await readTarGz(data)).find((e) => e.path === 'staging/podinfo-values.yaml');
  assert.ok(values?.type === 'file' && Buffer.from(values.data).toString().endsWith('# changed\n'));
  assert.equal(
    apps.status?.artifact?.metadata?.['org.opencontainers.image.revision'],
    `main@sha1:${'c'.repeat(40)}`,
  );
});

test('an artifact dropped from the spec is garbage-collected; deleting the generator removes the rest', async (t) => {
  const { kube, ns, controller } = await setup(t, 'ag-gc');
  await publishGitArtifact(kube, controller, ns, 'flux-system', exampleFiles(), 'd'.repeat(40));
  const gen = stagingGenerator(ns);
  await kube.create(genRef(ns), gen);
  await waitReady(kube, ns, 'flux-system', (g) => assert.equal(g.status?.inventory?.length, 2));
  const appsPath = (await kube.get<ExternalArtifact>(eaRef(ns, 'apps'))).status!.artifact!.path;

  await kube.mergePatch(genRef(ns, 'flux-system'), {
    spec: { artifacts: gen.spec.artifacts.filter((a: { name: string }) => a.name !== 'apps') },
  });
  await waitReady(kube, ns, 'flux-system', (g) =>
    assert.deepEqual(
      g.status?.inventory?.map((r) => r.name),
      ['infrastructure'],
    ),
  );
  await eventually(async () => {
    const list = await kube.list<ExternalArtifact>(eaRef(ns));
    assert.deepEqual(
      list.items.map((e) => e.metadata?.name),
      ['infrastructure'],
    );
  });
  assert.throws(() => statSync(controller.storage.localPath({ path: appsPath })));

  const infraPath = (await kube.get<ExternalArtifact>(eaRef(ns, 'infrastructure'))).status!.artifact!.path;
  await kube.delete(genRef(ns, 'flux-system'));
  await eventually(async () => {
    const gens = await kube.list(genRef(ns));
    assert.equal(gens.items.length, 0);
    const eas = await kube.list(eaRef(ns));
    assert.equal(eas.items.length, 0);
  });
  assert.throws(() => statSync(controller.storage.localPath({ path: infraPath })));
});

test('failures: a missing source waits, a bad spec stalls, a copy rule matching nothing fails the build', async (t) => {
  const { kube, ns, controller } = await setup(t, 'ag-fail');
  const waitCondition = (name: string, check: (g: Generator) => void) =>
    eventually(
      async () => {
        const g = await kube.get<Generator>(genRef(ns, name));
        check(g);
        return g;
      },
      { timeoutMs: 30_000, what: name },
    );
  const generator = (name: string, spec: Record<string, unknown>) =>
    kube.create(genRef(ns), {
      apiVersion: 'source.extensions.fluxcd.io/v1beta1',
      kind: 'ArtifactGenerator',
      metadata: { name, namespace: ns },
      spec,
    });

  await generator('missing', {
    sources: [{ alias: 'repo', kind: 'GitRepository', name: 'nope' }],
    artifacts: [{ name: 'out', copy: [{ from: '@repo/**', to: '@artifact/' }] }],
  });
  await waitCondition('missing', (g) => {
    const ready = condition(g, 'Ready');
    assert.equal(ready?.status, 'False');
    assert.equal(ready?.reason, 'SourceFetchFailed');
    assert.equal(
      ready?.message,
      'get sources failed: gitrepositories.source.toolkit.fluxcd.io "nope" not found',
    );
    assert.equal(condition(g, 'Reconciling')?.reason, 'ProgressingWithRetry');
  });
  // the source appears with an artifact: the generator recovers without any spec change
  await publishGitArtifact(
    kube,
    controller,
    ns,
    'nope',
    [{ path: 'a.yaml', data: Buffer.from('a: 1\n') }],
    'e'.repeat(40),
  );
  await waitReady(kube, ns, 'missing');
  const out = await kube.get<ExternalArtifact>(eaRef(ns, 'out'));
  assert.deepEqual(await fileList(await download(out.status!.artifact!.url)), ['a.yaml']);

  await generator('dup', {
    sources: [
      { alias: 'repo', kind: 'GitRepository', name: 'nope' },
      { alias: 'repo', kind: 'GitRepository', name: 'nope' },
    ],
    artifacts: [{ name: 'dup-out', copy: [{ from: '@repo/**', to: '@artifact/' }] }],
  });
  await waitCondition('dup', (g) => {
    assert.equal(condition(g, 'Stalled')?.reason, 'ValidationFailed');
    assert.equal(condition(g, 'Ready')?.message, "duplicate source alias 'repo' found");
    assert.equal(condition(g, 'Reconciling'), undefined);
  });

  await generator('nomatch', {
    sources: [{ alias: 'repo', kind: 'GitRepository', name: 'nope' }],
    artifacts: [{ name: 'nomatch-out', copy: [{ from: '@repo/missing/**', to: '@artifact/' }] }],
  });
  await waitCondition('nomatch', (g) => {
    const ready = condition(g, 'Ready');
    assert.equal(ready?.reason, 'BuildFailed');
    assert.equal(
      ready?.message,
      "nomatch-out build failed: failed to apply copy operations: failed to apply copy operation from '@repo/missing/**' to '@artifact/': no files match pattern 'missing/**' in source 'repo'",
    );
  });
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'dup')).includes(
        "Warning ValidationFailed: duplicate source alias 'repo' found",
      ),
    ),
  );
});

test('end to end: the example repository on the git server, the real GitRepository reconciler, then the generator', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ag-git');
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository', 'ArtifactGenerator'] });
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  const first = await server.createRepository('fleet', { fromDir: exampleRepo });
  await kube.create(gitRef(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'flux-system', namespace: ns },
    spec: { interval: '1h', url: server.repoUrl('fleet'), ref: { branch: 'main' } },
  });
  await kube.create(genRef(ns), stagingGenerator(ns));
  const gen = await waitReady(kube, ns, 'flux-system', (g) => assert.equal(g.status?.inventory?.length, 2));
  const infra = await kube.get<ExternalArtifact>(eaRef(ns, 'infrastructure'));
  assert.deepEqual(
    await fileList(await download(infra.status!.artifact!.url)),
    filesUnder('infrastructure', '').sort(),
  );
  assert.equal(infra.status?.artifact?.metadata?.['org.opencontainers.image.revision'], `main@sha1:${first}`);
  const apps = await kube.get<ExternalArtifact>(eaRef(ns, 'apps'));
  assert.deepEqual(
    await fileList(await download(apps.status!.artifact!.url)),
    [...filesUnder('apps/base', 'base/'), ...filesUnder('apps/staging', 'staging/')].sort(),
  );

  // a new commit in apps/staging reaches the apps artifact once the GitRepository fetches it
  const second = await server.pushCommit('fleet', {
    files: { 'apps/staging/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n' },
  });
  await kube.mergePatch(gitRef(ns, 'flux-system'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'push-2' } },
  });
  const after = await waitReady(kube, ns, 'flux-system', (g) =>
    assert.notEqual(g.status?.observedSourcesDigest, gen.status?.observedSourcesDigest),
  );
  const digestOf = (g: Generator, name: string) => g.status?.inventory?.find((r) => r.name === name)?.digest;
  assert.equal(digestOf(after, 'infrastructure'), digestOf(gen, 'infrastructure'));
  const apps2 = await kube.get<ExternalArtifact>(eaRef(ns, 'apps'));
  assert.ok((await fileList(await download(apps2.status!.artifact!.url))).includes('staging/extra.yaml'));
  assert.equal(
    apps2.status?.artifact?.metadata?.['org.opencontainers.image.revision'],
    `main@sha1:${second}`,
  );
});

test('the reconcile annotation set to disabled pauses a generator until enabled and requested', async (t) => {
  const { kube, ns, controller } = await setup(t, 'ag-off');
  await publishGitArtifact(kube, controller, ns, 'flux-system', exampleFiles(), 'f'.repeat(40));
  const gen = stagingGenerator(ns);
  gen.metadata = { ...gen.metadata, annotations: { 'source.extensions.fluxcd.io/reconcile': 'Disabled' } };
  await kube.create(genRef(ns), gen);
  const paused = await waitReady(kube, ns, 'flux-system');
  assert.equal(condition(paused, 'Ready')?.reason, 'ReconciliationDisabled');
  assert.equal(condition(paused, 'Ready')?.message, 'Initialized with reconciliation suspended');
  await eventually(async () =>
    assert.ok(
      (await eventsOf(kube, ns, 'flux-system')).includes(
        'Warning ReconciliationDisabled: Reconciliation is disabled',
      ),
    ),
  );
  assert.equal((await kube.list(eaRef(ns))).items.length, 0);

  await kube.mergePatch(genRef(ns, 'flux-system'), {
    metadata: {
      annotations: {
        'source.extensions.fluxcd.io/reconcile': 'enabled',
        'reconcile.fluxcd.io/requestedAt': 'resume',
      },
    },
  });
  const resumed = await waitReady(kube, ns, 'flux-system', (g) =>
    assert.equal(g.status?.inventory?.length, 2),
  );
  assert.equal(condition(resumed, 'Ready')?.reason, 'Succeeded');
  assert.equal((await kube.list(eaRef(ns))).items.length, 2);
});

test('composition: a Bucket (real MinIO) and a GitRepository into one artifact, with the bucket revision, Merge and common metadata', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ag-compose');
  const controller = await startTestSourceController(t, kube, ns, { kinds: ['Bucket', 'ArtifactGenerator'] });
  const s3 = await startS3Server();
  t.after(() => s3.stop());
  await s3.createBucket('config');
  await s3.putObject('config', 'envs/prod/values.yaml', 'replicas: 3\nimage:\n  tag: v2\n');
  await s3.putObject('config', 'envs/prod/README.md', 'docs\n');
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'minio', namespace: ns },
      stringData: { accesskey: s3.accessKey, secretkey: s3.secretKey },
    },
  );
  await kube.create(
    { group: 'source.toolkit.fluxcd.io', version: 'v1', resource: 'buckets', namespace: ns },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'Bucket',
      metadata: { name: 'config', namespace: ns },
      spec: {
        interval: '1h',
        provider: 'generic',
        bucketName: 'config',
        endpoint: `127.0.0.1:${s3.port}`,
        insecure: true,
        secretRef: { name: 'minio' },
      },
    },
  );
  await publishGitArtifact(
    kube,
    controller,
    ns,
    'app',
    [
      { path: 'deploy/app.yaml', data: Buffer.from('kind: Deployment\n') },
      { path: 'chart/values.yaml', data: Buffer.from('image:\n  repo: podinfo\n  tag: v1\nreplicas: 1\n') },
    ],
    '1'.repeat(40),
  );
  await kube.create(genRef(ns), {
    apiVersion: 'source.extensions.fluxcd.io/v1beta1',
    kind: 'ArtifactGenerator',
    metadata: { name: 'composite', namespace: ns },
    spec: {
      commonMetadata: { labels: { team: 'web' }, annotations: { 'example.com/owner': 'web' } },
      sources: [
        { alias: 'git', kind: 'GitRepository', name: 'app' },
        { alias: 'cfg', kind: 'Bucket', name: 'config' },
      ],
      artifacts: [
        {
          name: 'my-app',
          revision: '@cfg',
          originRevision: '@git',
          copy: [
            { from: '@git/deploy/**', to: '@artifact/app/' },
            { from: '@git/chart/values.yaml', to: '@artifact/values.yaml' },
            { from: '@cfg/envs/prod/**', to: '@artifact/', strategy: 'Merge', exclude: ['*.md'] },
          ],
        },
      ],
    },
  });
  await waitReady(kube, ns, 'composite', (g) => assert.equal(g.status?.inventory?.length, 1));
  const bucket = await kube.get<ExternalArtifact>({
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    resource: 'buckets',
    namespace: ns,
    name: 'config',
  });
  const ea = await kube.get<ExternalArtifact>(eaRef(ns, 'my-app'));
  assert.equal(ea.status?.artifact?.revision, bucket.status?.artifact?.revision);
  assert.equal(ea.metadata?.labels?.team, 'web');
  assert.equal(ea.metadata?.labels?.['app.kubernetes.io/managed-by'], 'source-watcher');
  assert.equal(ea.metadata?.annotations?.['example.com/owner'], 'web');
  assert.equal(
    ea.status?.artifact?.metadata?.['org.opencontainers.image.revision'],
    `main@sha1:${'1'.repeat(40)}`,
  );
  const entries = await readTarGz(await download(ea.status!.artifact!.url));
  assert.deepEqual(entries.map((e) => e.path).sort(), ['app/app.yaml', 'values.yaml']);
  const values = entries.find((e) => e.path === 'values.yaml');
  assert.equal(
    values?.type === 'file' ? Buffer.from(values.data).toString() : '',
    'image:\n  repo: podinfo\n  tag: v2\nreplicas: 3\n',
  );
});
