import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquirePidLock } from './pid-lock.ts';

test('a second holder is told the pid of the running one; release frees the lock', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-pidlock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'up.pid');
  // a live process whose command line carries the marker
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'up'], { stdio: 'ignore' });
  t.after(() => other.kill('SIGKILL'));
  writeFileSync(path, `${other.pid}\n`);
  assert.throws(() => acquirePidLock(path, 'up'), {
    message: `tsflux is already running (pid ${other.pid})`,
  });
  other.kill('SIGKILL');
});

test('a lock left by a process that is gone, or by a reused pid, is taken over', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-pidlock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'up.pid');
  writeFileSync(path, '999999999\n');
  const release = acquirePidLock(path, 'up');
  assert.equal(readFileSync(path, 'utf8'), `${process.pid}\n`);
  release();
  assert.ok(!existsSync(path));
  // pid 1 is alive but is not `tsflux up`
  writeFileSync(path, '1\n');
  acquirePidLock(path, 'up')();
});
