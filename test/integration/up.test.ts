// `tsflux up`, the main job, when no cluster is reachable: it starts the local control plane, runs
// the manager, and on Ctrl-C stops only what it started. (Using a reachable cluster is tested in
// flux-crds.test.ts, because it changes the shared cluster's CRDs.)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stopControlPlane } from '../../src/cluster/index.ts';
import { eventually } from '../support/cluster.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function startUp(args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  const child = spawn(process.execPath, [main, 'up', ...args], { env: { ...process.env, ...env }, cwd });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const exited = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  return { child, exited, stderr: () => stderr };
}

/** The local addresses (hex, as /proc/net/tcp writes them) of the sockets listening on `port`. */
const listeners = (port: number) =>
  readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[3] === '0A' && Number.parseInt(f[1]?.split(':')[1] ?? '', 16) === port)
    .map((f) => f[1].split(':')[0]);

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
  // a fresh machine: its own state directory, no kubeconfig yet, started from a work directory
  const kubeconfig = join(dir, 'no-such-kubeconfig');
  const env = { KUBECONFIG: kubeconfig, XDG_STATE_HOME: join(dir, 'state') };
  const work = join(dir, 'work');
  mkdirSync(work);
  const up = startUp(['--dir', join(dir, 'cluster')], env, work);
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
  // the servers tsflux itself runs listen on loopback only (127.0.0.1 is 0100007F), on free ports
  const ports = /metrics on port (\d+), probes on port (\d+)/.exec(up.stderr());
  assert.ok(ports, up.stderr());
  for (const port of [Number(ports[1]), Number(ports[2])]) assert.deepEqual(listeners(port), ['0100007F']);
  // state in tsflux's state directory, nothing in the directory it was started from
  assert.ok(existsSync(join(dir, 'state', 'tsflux', 'storage')));
  assert.deepEqual(readdirSync(work), []);
  // a second shell: the kubeconfig up wrote is found without an export or a flag, and the
  // namespace every command defaults to exists
  assert.match(up.stderr(), /kubeconfig: context 'tsflux' in .*no-such-kubeconfig \(the current context/);
  const shell = (...args: string[]) =>
    spawnSync(process.execPath, [main, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const get = shell('get', 'ks');
  assert.equal(get.status, 0, get.stderr);
  assert.equal(get.stderr, "no Kustomization objects found in 'flux-system' namespace\n");
  const check = shell('check');
  assert.match(check.stderr, /✔ source-controller: running \(\S+ in flux-system\)/);
  // and a second up says plainly that one runs
  const again = shell('up', '--dir', join(dir, 'cluster'));
  assert.equal(again.status, 1);
  assert.equal(again.stderr, `error: tsflux is already running (pid ${up.child.pid})\n`);

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
