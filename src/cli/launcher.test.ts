// bin/tsflux.js on the machine's older Node (issue 17, item 3): `npx tsflux` in a second shell
// must work where the system Node cannot strip types, and npm must not warn about engines there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareVersions, parseConstraints, parseVersion } from '../engines/semver/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/tsflux.js', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/** A Node on the system PATH older than type stripping needs, as a fresh machine has. */
function olderNode(): { path: string; version: string } | undefined {
  const path = process.env.PATH?.split(':').filter((d) => !d.includes('node_modules'));
  const r = spawnSync('node', ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: path?.join(':') },
  });
  const version = r.stdout?.trim().replace(/^v/, '');
  if (r.status !== 0 || !version || compareVersions(parseVersion(version), parseVersion('22.18.0')) >= 0)
    return undefined;
  const which = spawnSync('sh', ['-c', 'command -v node'], {
    encoding: 'utf8',
    env: { PATH: path?.join(':') },
  });
  return { path: which.stdout.trim(), version };
}

const old = olderNode();

test('bin/tsflux.js runs the CLI on an older Node, through the Node 24 npm ci installed', {
  skip: old ? false : 'no Node older than 22.18 on this machine',
}, () => {
  const node = old?.path ?? '';
  const help = spawnSync(node, [bin, '--help'], { encoding: 'utf8', cwd: root });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^tsflux: a drop-in/);
  const unknown = spawnSync(node, [bin, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(unknown.status, 2, 'the exit code of the CLI comes through');
});

test("package.json's engines admit the Node that runs bin/tsflux.js, so npm does not warn", {
  skip: old ? false : 'no Node older than 22.18 on this machine',
}, () => {
  // engines.node is an npm range; `>=N` reads the same in Masterminds' syntax
  const admitted = parseConstraints(pkg.engines.node).check(parseVersion(old?.version ?? ''));
  assert.ok(admitted, `${old?.version} vs ${pkg.engines.node}`);
});
