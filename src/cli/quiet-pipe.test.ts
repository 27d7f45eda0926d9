import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

test('a command piped into head exits quietly when head closes the pipe', () => {
  // the manifests are far larger than a pipe's buffer, so writes go on after head has exited
  const r = spawnSync(
    'bash',
    ['-c', 'set -o pipefail; "$0" "$1" install --export | head -c 100 >/dev/null', process.execPath, main],
    { encoding: 'utf8' },
  );
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});
