import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TransientError } from '../../../runtime/reconcile/index.ts';
import type { ImageEnv, ImageRepositoryObject } from '../env.ts';
import { TagStore } from '../tag-store.ts';
import { type RepositoryRun, scanRepository } from './scan.ts';

// a registry address that refuses connections: a scan that is attempted fails at once
const image = '127.0.0.1:1/app';

function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-scan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tags = new TagStore(dir);
  const run: RepositoryRun = { env: { tags } as unknown as ImageEnv, signal: new AbortController().signal };
  return { tags, run };
}

async function scanned(tags: TagStore): Promise<ImageRepositoryObject> {
  const revision = await tags.write('ns', 'app', image, ['v1']);
  return {
    metadata: { namespace: 'ns', name: 'app', generation: 2 },
    spec: { image, interval: '1h' },
    status: {
      observedGeneration: 2,
      canonicalImageName: image,
      observedExclusionList: ['^.*\\.sig$'],
      lastScanResult: { tagCount: 1, scanTime: new Date(Date.now() - 60_000).toISOString(), revision },
    },
  } as ImageRepositoryObject;
}

test('a current scan on disk answers without a registry request, until the interval is due', async (t) => {
  const { tags, run } = setup(t);
  const obj = await scanned(tags);
  await scanRepository(obj, run);
  assert.ok(run.nextScanMs !== undefined && run.nextScanMs > 58 * 60_000 && run.nextScanMs <= 59 * 60_000);
});

test('a new generation, a requested reconcile or a missing tag file scans again', async (t) => {
  const { tags, run } = setup(t);
  const cases: ((o: ImageRepositoryObject) => Promise<void> | void)[] = [
    (o) => {
      o.metadata = { ...o.metadata, generation: 3 };
    },
    (o) => {
      o.metadata = { ...o.metadata, annotations: { 'reconcile.fluxcd.io/requestedAt': 'now' } };
    },
    () => tags.remove('ns', 'app'),
  ];
  for (const change of cases) {
    const obj = await scanned(tags);
    await change(obj);
    await assert.rejects(scanRepository(obj, run), (e: unknown) => e instanceof TransientError);
  }
});
