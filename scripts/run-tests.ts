// The test command (`npm test`): runs every test file with node's test runner. When tests that use
// the cluster helpers (test/support/cluster.ts) are selected, it first starts one real control plane (etcd, kube-apiserver,
// kube-controller-manager) shared by all of them, passes its kubeconfig in TSFLUX_TEST_KUBECONFIG,
// and stops it at the end, whether the tests pass, fail or are interrupted.
//
//   node scripts/run-tests.ts              all tests
//   node scripts/run-tests.ts --unit       only tests that need no cluster
//   node scripts/run-tests.ts FILE...      the named test files
//
// Set TSFLUX_TEST_KUBECONFIG yourself to run against an existing cluster instead.
import { spawn } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startControlPlane, stopControlPlane } from '../src/cluster/index.ts';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const unitOnly = argv.includes('--unit');
const named = argv.filter((a) => !a.startsWith('--'));

// a test file needs the control plane when it uses the cluster helpers of test/support
const needsCluster = (f: string) => /support\/cluster\.ts['"]/.test(readFileSync(join(root, f), 'utf8'));
let files = named.length
  ? named.map((f) => relative(root, resolve(f)))
  : globSync(['src/**/*.test.ts', 'test/**/*.test.ts'], { cwd: root }).sort();
if (unitOnly) files = files.filter((f) => !needsCluster(f));

let clusterDir: string | undefined;
let child: ReturnType<typeof spawn> | undefined;
let stopping = false;

async function cleanup(): Promise<void> {
  if (clusterDir && !stopping) {
    stopping = true;
    await stopControlPlane(clusterDir, { purge: !process.env.TSFLUX_KEEP_TEST_CLUSTER });
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    child?.kill(sig);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  const env = { ...process.env };
  if (files.some(needsCluster) && !env.TSFLUX_TEST_KUBECONFIG) {
    clusterDir = mkdtempSync(join(tmpdir(), 'tsflux-test-cluster-'));
    const started = Date.now();
    const state = await startControlPlane({
      dir: clusterDir,
      log: (l) => process.stderr.write(`[test cluster] ${l}\n`),
    });
    process.stderr.write(
      `[test cluster] ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${state.kubeconfig}\n`,
    );
    env.TSFLUX_TEST_KUBECONFIG = state.kubeconfig;
  }
  const code = await new Promise<number>((done) => {
    child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    child.on('close', (c, signal) => done(c ?? (signal ? 1 : 0)));
  });
  process.exitCode = code;
} catch (e: unknown) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
