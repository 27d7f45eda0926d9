import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gunzipLimited, gzipParts, joinChunks, readChunks } from './chunks.ts';

test('gzipParts gives the bytes of gzipping the concatenation at once, whatever the part sizes', async () => {
  const parts = [
    Buffer.from('header'.repeat(100)),
    randomBytes(3 * 1024 * 1024),
    Buffer.alloc(0),
    ...Array.from({ length: 300 }, (_, i) => Buffer.from(`small part ${i}\n`)),
    Buffer.alloc(70 * 1024, 1),
  ];
  assert.deepEqual(await gzipParts(parts, 6), gzipSync(Buffer.concat(parts), { level: 6 }));
});

test('gunzipLimited decompresses, and refuses output over the limit as zlib would', async () => {
  const data = randomBytes(2 * 1024 * 1024);
  const gz = gzipSync(data);
  assert.deepEqual(await gunzipLimited(gz, data.length), data);
  await assert.rejects(gunzipLimited(gz, data.length - 1), { code: 'ERR_BUFFER_TOO_LARGE' });
  await assert.rejects(gunzipLimited(Buffer.from('not gzip'), 100), /incorrect header check/);
  assert.deepEqual(gunzipSync(gz), data);
});

test('joinChunks and readChunks keep order and content, across yields', async () => {
  const chunks = Array.from({ length: 20 }, (_, i) => Buffer.alloc(1024 * 1024, i));
  const joined = await joinChunks(chunks);
  assert.deepEqual(joined, Buffer.concat(chunks));
  async function* stream() {
    yield* chunks;
  }
  assert.deepEqual(await readChunks(stream()), joined);
  assert.equal((await readChunks(null)).length, 0);
});
