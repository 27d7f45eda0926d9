// `tsflux up`, the main job, when no cluster is reachable: it starts the local control plane, runs
// the manager, and on Ctrl-C stops only what it started. (Using a reachable cluster is tested in
// flux-crds.test.ts, because it changes the shared cluster's CRDs.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stopControlPlane } from '../../src/cluster/index.ts';
import { eventually } from '../support/cluster.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function startUp(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [main, 'up', ...args], { env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const exited = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  return { child, exited, stderr: () => stderr };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

test('up starts the local control plane when no cluster is reachable, and stops it on Ctrl-C', {
  timeout: 180_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-up-'));
  const up = startUp(
    [
      '--dir',
      join(dir, 'cluster'),
      '--metrics-addr',
      '127.0.0.1:0',
      '--health-addr',
      '127.0.0.1:0',
      '--webhook-addr',
      '127.0.0.1:0',
      '--storage-addr',
      '127.0.0.1:0',
      '--storage-path',
      join(dir, 'storage'),
    ],
    { KUBECONFIG: join(dir, 'no-such-kubeconfig') },
  );
  t.after(async () => {
    // if an assertion failed while up was running, stop it and what it started
    up.child.kill('SIGKILL');
    await stopControlPlane(join(dir, 'cluster'), { purge: true });
    rmSync(dir, { recursive: true, force: true });
  });
  await eventually(() => assert.match(up.stderr(), /running; press Ctrl-C to stop/), {
    what: 'up running',
    timeoutMs: 150_000,
  });
  assert.match(up.stderr(), /no reachable cluster in .*no-such-kubeconfig; starting the local control plane/);
  assert.match(
    up.stderr(),
    /connected to the local control plane https:\/\/127\.0\.0\.1:\d+ \(Kubernetes v1\.\d+\.\d+\)/,
  );
  const runDir = join(dir, 'cluster', 'run');
  const pids = readdirSync(runDir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => Number(readFileSync(join(runDir, f), 'utf8')));
  // etcd, kube-apiserver, kube-controller-manager, and for workloads kube-scheduler and kwok
  assert.equal(pids.length, 5);
  up.child.kill('SIGINT');
  assert.equal(await up.exited, 0);
  assert.deepEqual(pids.filter(alive), [], 'every server up started is stopped');
  assert.ok(!existsSync(join(dir, 'cluster', 'cluster.json')));
});
