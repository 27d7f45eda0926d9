import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const tsflux = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

test('helm template of a missing chart says what helm says', () => {
  let r = tsflux('helm', 'template', 'x', '/nonexistent/chart');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, 'Error: path "/nonexistent/chart" not found\n');
  r = tsflux('helm', 'template', 'x', './nochart');
  assert.equal(r.stderr, 'Error: path "./nochart" not found\n');
  r = tsflux('helm', 'template', 'x', 'nochart');
  assert.equal(
    r.stderr,
    'Error: non-absolute URLs should be in form of repo_name/path_to_chart, got: nochart\n',
  );
  r = tsflux('helm', 'template', 'x', 'bitnami/nginx');
  assert.equal(r.stderr, 'Error: repo bitnami not found\n');
});
