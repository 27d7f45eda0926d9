import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ArtifactStorage, startStorageServer } from './index.ts';

const commit = '363a6a8fe6a7f13e05d34c163b0ef02a777da20a';

test('artifacts are laid out and addressed as Flux does, written atomically with a digest', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'storage-'));
  const { server, port } = await startStorageServer(root, '127.0.0.1', 0);
  t.after(() => server.close());
  const storage = new ArtifactStorage(root, `127.0.0.1:${port}`);
  const a = await storage.write(
    storage.artifactFor('GitRepository', 'flux-system', 'podinfo', `${commit}.tar.gz`, `main@sha1:${commit}`),
    Buffer.from('content'),
  );
  assert.equal(a.path, `gitrepository/flux-system/podinfo/${commit}.tar.gz`);
  assert.equal(a.url, `http://127.0.0.1:${port}/gitrepository/flux-system/podinfo/${commit}.tar.gz`);
  assert.equal(a.digest, 'sha256:ed7002b439e9ac845f22357d822bac1444730fbdb6016d3ec9432297b9ec9f73');
  assert.equal(a.size, 7);
  assert.match(a.lastUpdateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(await storage.verify(a));

  const res = await fetch(a.url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'content');
  assert.equal((await fetch(`http://127.0.0.1:${port}/gitrepository/`)).status, 404, 'no listings');
  assert.equal((await fetch(`http://127.0.0.1:${port}/%2e%2e/%2e%2e/etc/passwd`)).status, 404, 'no escape');
  assert.throws(() => storage.localPath({ path: '../../etc/passwd' }), /outside the storage root/);
});

test('garbage collection keeps the newest records and drops expired ones', async () => {
  const root = mkdtempSync(join(tmpdir(), 'storage-gc-'));
  const storage = new ArtifactStorage(root, 'x');
  const write = async (n: number, ageS: number) => {
    const a = await storage.write(
      storage.artifactFor('Bucket', 'ns', 'b', `${n}.tar.gz`, `sha256:${n}`),
      Buffer.from(String(n)),
    );
    const when = (Date.now() - ageS * 1000) / 1000;
    utimesSync(storage.localPath(a), when, when);
    return a;
  };
  await write(1, 50);
  await write(2, 40);
  await write(3, 30);
  const current = await write(4, 0);
  assert.deepEqual(storage.garbageCollect(current, { records: 2, ttlMs: 60_000 }).sort(), [
    'bucket/ns/b/1.tar.gz',
    'bucket/ns/b/2.tar.gz',
  ]);
  await write(5, 120);
  assert.deepEqual(storage.garbageCollect(current, { records: 5, ttlMs: 60_000 }), ['bucket/ns/b/5.tar.gz']);
  storage.removeAll('Bucket', 'ns', 'b');
  assert.equal(await storage.verify(current), false);
});
