// The artifact storage's disk fills up: the source controller stores its artifacts on a 1 MiB
// tmpfs mounted by the test (which needs root: the case is skipped, saying so, without it), a
// GitRepository's first artifact is stored and applied by a Kustomization, then the test fills
// the filesystem and pushes a new commit. The GitRepository must report StorageOperationFailed
// with the system's "no space left on device", keep serving its previous artifact (downloaded and
// checked byte for byte), leave no partial file behind, and the Kustomization must prune nothing;
// once space is freed, the new revision is stored and applied.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir, removeTempDir, startGitHttpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  cmRef,
  configMap,
  exists,
  gitRef,
  ksRef,
  kustomization,
  type Obj,
  ready,
  startController,
  waitReady,
} from '../support/kustomize-harness.ts';
import { startTestSourceController, waitForSourceReady } from '../support/source-controller.ts';
import { assertStillServed } from './support/source-drill.ts';

/** Writes zeros into `file` until the filesystem has no space left; returns the bytes written. */
function fillUp(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Every file under `dir`, relative. */
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

test('artifact storage full: StorageOperationFailed, the previous artifact kept and served, no prune, recovery', {
  timeout: 180_000,
}, async (t) => {
  const dir = makeTempDir('fault-disk');
  const storage = join(dir, 'storage');
  mkdirSync(storage);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', storage], {
    encoding: 'utf8',
  });
  // a lazy unmount detaches at once, whatever the controller still holds open
  t.after(() => {
    if (mounted.status === 0) spawnSync('umount', ['-l', storage]);
    removeTempDir(dir);
  });
  if (mounted.status !== 0) {
    t.skip(`a small tmpfs cannot be mounted here (needs root): ${mounted.stderr.trim()}`);
    return;
  }
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'fault-disk');
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'], storagePath: storage });
  await startController(t, kube, ns);
  await git.createRepository('app', {
    files: { 'deploy/a.yaml': configMap('a'), 'deploy/b.yaml': configMap('b') },
  });
  await kube.create(gitRef(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'repo', namespace: ns },
    spec: { url: `${git.url}/app.git`, ref: { branch: 'main' }, interval: '1h' },
  });
  await kube.create(ksRef(ns), kustomization(ns, 'apps', { path: './deploy', targetNamespace: ns }));
  const good = await waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'True');
  const applied = await waitReady(kube, ns, 'apps');
  const rvs = async () =>
    Promise.all(['a', 'b'].map(async (n) => (await kube.get<Obj>(cmRef(ns, n))).metadata?.resourceVersion));
  const before = await rvs();
  const storedBefore = filesUnder(storage);

  // the disk fills up; Git drops b and changes a
  const filler = join(storage, 'filler');
  const filled = fillUp(filler);
  t.diagnostic(`${filled} bytes filled the storage`);
  const next = await git.pushCommit('app', {
    files: { 'deploy/a.yaml': configMap('a', { k: '2' }), 'deploy/b.yaml': null },
  });
  await kube.mergePatch(gitRef(ns, 'repo'), {
    metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'disk-full' } },
  });
  const failing = await waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'False', {
    check: (o) => {
      assert.equal(o.status.lastHandledReconcileAt, 'disk-full');
      const storageFailed = o.status.conditions.find(
        (c: { type: string }) => c.type === 'StorageOperationFailed',
      );
      assert.equal(storageFailed?.status, 'True', JSON.stringify(o.status.conditions));
      assert.match(
        storageFailed?.message,
        /^failed to write artifact to storage: ENOSPC: no space left on device/,
      );
      assert.equal(ready(o)?.reason, storageFailed?.reason);
    },
  });
  t.diagnostic(`${ready(failing)?.reason}: ${ready(failing)?.message}`);
  // the previous artifact is kept, in status and on disk, and served byte for byte
  await assertStillServed(kube, gitRef(ns, 'repo'), good);
  // no half-written file is left behind: the storage holds what it held, and the filler
  assert.deepEqual(filesUnder(storage), [...storedBefore, 'filler'].sort());
  // the Kustomization keeps its revision and prunes nothing
  const ks = await kube.get<Obj>(ksRef(ns, 'apps'));
  assert.equal(ks.status.lastAppliedRevision, applied.status.lastAppliedRevision);
  assert.deepEqual(ks.status.inventory, applied.status.inventory);
  assert.deepEqual(await rvs(), before);

  // space is freed: the retry stores the new revision, and the Kustomization applies it
  rmSync(filler);
  await waitForSourceReady<Obj>(kube, gitRef(ns, 'repo'), 'True', {
    timeoutMs: 60_000,
    check: (o) => {
      assert.equal(o.status.artifact.revision, `main@sha1:${next}`);
      assert.equal(
        o.status.conditions.find((c: { type: string }) => c.type === 'StorageOperationFailed'),
        undefined,
      );
    },
  });
  // (the status is written after the prune)
  await eventually(
    async () =>
      assert.equal((await kube.get<Obj>(ksRef(ns, 'apps'))).status.lastAppliedRevision, `main@sha1:${next}`),
    { what: 'the new revision applied' },
  );
  assert.equal((await kube.get<Obj>(cmRef(ns, 'a'))).data.k, '2');
  assert.equal(await exists(kube, cmRef(ns, 'b')), false, 'b pruned after recovery');
});
