// A fresh clone has no shared/ beside it: the unit tests that read it must skip, saying why,
// rather than fail (issue 17, item 10). TSFLUX_SHARED_DIR stands in for the missing directory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '../..');
const readers = [
  'src/controllers/source/artifactgenerator/copy-rules.test.ts',
  'src/engines/helm/yaml-fast.test.ts',
  'test/api/crd-superset.test.ts',
  'test/servers/helm-repository.test.ts',
  // run without kubectl on PATH (below), so its own cases skip at once and only loading is tested
  'test/conformance/kustomize/conformance.test.ts',
];

test('tests that read shared/ skip with the reason when it is missing', { timeout: 120_000 }, () => {
  const missing = join(root, 'no-such-shared-dir');
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...readers], {
    cwd: root,
    // NODE_TEST_CONTEXT would make the inner runner report to this one instead of printing TAP
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, TSFLUX_SHARED_DIR: missing, PATH: '' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr);
  const skips = r.stdout.match(/# SKIP .*no-such-shared-dir is missing/g) ?? [];
  assert.ok(skips.length >= readers.length, `expected a skip per file, got:\n${skips.join('\n')}`);
});
