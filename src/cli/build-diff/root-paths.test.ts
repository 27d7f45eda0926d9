import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withRoot } from './root-paths.ts';

test('quoted paths under the built directory get their root back', () => {
  assert.equal(
    withRoot(
      "unable to find one of 'kustomization.yaml' or 'Kustomization' in directory 'tmp/fk'",
      '/',
      'tmp/fk',
    ),
    "unable to find one of 'kustomization.yaml' or 'Kustomization' in directory '/tmp/fk'",
  );
  assert.equal(withRoot('"tmp/fk/base/x.yaml": bad', '/', 'tmp/fk'), '"/tmp/fk/base/x.yaml": bad');
  assert.equal(withRoot("'tmp/fkx' stays", '/', 'tmp/fk'), "'tmp/fkx' stays");
  assert.equal(withRoot("'base' is relative", '/src', '.'), "'base' is relative");
});

test('tsflux kustomize names a missing kustomization by the absolute path the user gave', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-rootpaths-'));
  try {
    const main = fileURLToPath(new URL('../main.ts', import.meta.url));
    const r = spawnSync(process.execPath, [main, 'kustomize', dir], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`in directory '${dir}'\\n$`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
