import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TagStore, tagsRevision } from './tag-store.ts';

test('tags written by one store are read back by another (a restarted manager), then removed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-tag-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const revision = await new TagStore(dir).write('ns', 'app', 'reg.example/app', ['v1', 'v2']);
  const again = new TagStore(dir);
  assert.deepEqual(await again.read('ns', 'app'), {
    canonicalImageName: 'reg.example/app',
    tags: ['v1', 'v2'],
    revision,
  });
  assert.equal(await again.read('ns', 'other'), undefined);
  await again.remove('ns', 'app');
  assert.equal(await again.read('ns', 'app'), undefined);
});

test('the revision depends on the set of tags, not their order', () => {
  assert.equal(tagsRevision(['b', 'a']), tagsRevision(['a', 'b']));
  assert.notEqual(tagsRevision(['a']), tagsRevision(['a', 'b']));
  assert.match(tagsRevision([]), /^[0-9a-f]{64}$/);
});
