/**
 * `tsflux kustomize DIR` against `kubectl kustomize DIR`: the same bytes on stdout for a good
 * build; for a failing one, a non-zero exit and one `error:` line on stderr.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', '..', '..', 'src', 'cli', 'main.ts');
const haveKubectl = spawnSync('kubectl', ['version', '--client']).status === 0;
const skip = haveKubectl ? false : 'kubectl is not installed: it is the oracle';

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });

test('tsflux kustomize prints what kubectl kustomize prints', { skip }, () => {
  for (const c of ['overlay-cm-merge-prefix/overlay', 'nameref-cronjob', 'fuzz-strings-seed3']) {
    const dir = join(here, 'cases', c);
    const expected = run('kubectl', ['kustomize', dir]);
    const actual = run(process.execPath, [main, 'kustomize', dir]);
    assert.equal(actual.status, 0, actual.stderr);
    assert.equal(actual.stdout, expected.stdout, c);
  }
});

test('tsflux kustomize fails with one error line where kubectl fails', { skip }, () => {
  const dir = join(here, 'cases', 'error-missing-resource');
  assert.notEqual(run('kubectl', ['kustomize', dir]).status, 0);
  const actual = run(process.execPath, [main, 'kustomize', dir]);
  assert.equal(actual.status, 1);
  assert.equal(actual.stdout, '');
  assert.match(actual.stderr, /^error: .*kustomization\.yaml: .*nope\.yaml.*\n$/);
});
