// `tsflux cluster up/status/down` as a user runs them: a second control plane in its own state
// directory beside the suite's shared one, checked with the real kubectl.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KUBERNETES_VERSION } from '../../src/cluster/index.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const tsflux = (...args: string[]) =>
  spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 180_000 });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

test('cluster up prints a working kubeconfig; down leaves no process running', { timeout: 240_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-cli-cluster-'));
  t.after(() => {
    tsflux('cluster', 'down', '--dir', dir, '--purge');
    rmSync(dir, { recursive: true, force: true });
  });

  const up = tsflux('cluster', 'up', '--dir', dir);
  assert.equal(up.status, 0, up.stderr);
  const kubeconfig = up.stdout.trimEnd().split('\n').at(-1)!;
  assert.equal(kubeconfig, join(dir, 'kubeconfig'));

  const readyz = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz'], {
    encoding: 'utf8',
  });
  assert.equal(readyz.stdout, 'ok');
  const version = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'version', '-o', 'json'], {
    encoding: 'utf8',
  });
  assert.equal(JSON.parse(version.stdout).serverVersion.gitVersion, KUBERNETES_VERSION);

  const status = tsflux('cluster', 'status', '--dir', dir);
  assert.equal(status.status, 0, status.stdout);
  assert.match(
    status.stdout,
    /running: {4}etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok/,
  );

  // a second `up` on a running cluster reuses it
  const again = tsflux('cluster', 'up', '--dir', dir);
  assert.equal(again.status, 0);
  assert.equal(again.stdout.trimEnd().split('\n').at(-1), kubeconfig);

  const pids = readdirSync(join(dir, 'run'))
    .filter((f) => f.endsWith('.pid'))
    .map((f) => Number(readFileSync(join(dir, 'run', f), 'utf8')));
  assert.equal(pids.length, 5);
  assert.ok(pids.every(alive));

  const down = tsflux('cluster', 'down', '--dir', dir);
  assert.equal(down.status, 0, down.stderr);
  assert.match(down.stdout, /stopped kwok, kube-scheduler, kube-controller-manager, kube-apiserver, etcd/);
  assert.deepEqual(pids.filter(alive), [], 'no server of the cluster is left running');
  assert.ok(existsSync(join(dir, 'etcd')), 'data kept without --purge');

  const after = tsflux('cluster', 'status', '--dir', dir);
  assert.equal(after.status, 1);
  assert.match(after.stdout, /no control plane is running/);
});
