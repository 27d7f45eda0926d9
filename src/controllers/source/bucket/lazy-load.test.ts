import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

// The manager loads every enabled kind at start; the S3 client package (and its XML and lodash
// dependencies) must wait until a Bucket is actually reconciled. A child process records every
// module specifier resolved while the Bucket kind is imported.
test('importing the Bucket kind does not load the minio package', () => {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
    const { bucketKind } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
    console.log(JSON.stringify({ kind: bucketKind.kind, minio: seen.filter((s) => /minio/.test(s)) }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out.trim().split('\n').pop() ?? '{}'), { kind: 'Bucket', minio: [] });
});
