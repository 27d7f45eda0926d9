// The test command (`npm test`): runs every test file with node's test runner. When tests that use
// the cluster helpers (test/support/cluster.ts) are selected, it first starts one real control plane (etcd, kube-apiserver,
// kube-controller-manager) shared by all of them, passes its kubeconfig in TSFLUX_TEST_KUBECONFIG,
// and stops it at the end, whether the tests pass, fail or are interrupted. Files that use the
// workload helpers (`testWorkloadClient`, `testWorkloadKubeconfig`) get a second control plane that
// runs workloads (kube-scheduler, kwok's simulated node, the workload controllers), in
// TSFLUX_TEST_WORKLOAD_KUBECONFIG: a separate one, because other tests write Deployment status by
// hand and a deployment controller would overwrite it.
//
//   node scripts/run-tests.ts              all tests
//   node scripts/run-tests.ts --unit       only tests that need no cluster
//   node scripts/run-tests.ts --faults     only the faults tier (test/faults: faults injected on purpose)
//   node scripts/run-tests.ts FILE...      the named test files
//
// Set TSFLUX_TEST_KUBECONFIG (and TSFLUX_TEST_WORKLOAD_KUBECONFIG) yourself to run against existing clusters instead.
import { spawn } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startControlPlane, stopControlPlane } from '../src/cluster/index.ts';
import { toError } from '../src/engines/errors/index.ts';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const unitOnly = argv.includes('--unit');
const faultsOnly = argv.includes('--faults');
const named = argv.filter((a) => !a.startsWith('--'));

// a test file needs the control plane when it uses the cluster helpers of test/support
const needsCluster = (f: string) => /support\/cluster\.ts['"]/.test(readFileSync(join(root, f), 'utf8'));
// ... and the workload-capable one when it calls the workload helpers
const needsWorkloads = (f: string) =>
  /\btestWorkload(Client|Kubeconfig)\(/.test(readFileSync(join(root, f), 'utf8'));
// every tier, the faults one (test/faults) included, lives under these two globs
let files = named.length
  ? named.map((f) => relative(root, resolve(f)))
  : globSync(faultsOnly ? ['test/faults/**/*.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts'], {
      cwd: root,
    }).sort();
if (unitOnly) files = files.filter((f) => !needsCluster(f));

const clusterDirs: string[] = [];
let child: ReturnType<typeof spawn> | undefined;
let stopping = false;

async function cleanup(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const dir of clusterDirs) {
    await stopControlPlane(dir, { purge: !process.env.TSFLUX_KEEP_TEST_CLUSTER });
  }
}

/** Starts one test control plane in a fresh directory and returns its kubeconfig. */
async function startTestCluster(label: string, workloads: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `tsflux-${label}-`));
  clusterDirs.push(dir);
  const started = Date.now();
  const state = await startControlPlane({
    dir,
    workloads,
    log: (l) => process.stderr.write(`[${label}] ${l}\n`),
  });
  process.stderr.write(
    `[${label}] ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${state.kubeconfig}\n`,
  );
  return state.kubeconfig;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    child?.kill(sig);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  const env = { ...process.env };
  const clusterFiles = files.filter(needsCluster);
  const workloadFiles = clusterFiles.filter(needsWorkloads);
  // both start at once; allSettled so that a failed start never leaves the other one starting
  // while cleanup runs
  const starts = await Promise.allSettled([
    clusterFiles.length > workloadFiles.length && !env.TSFLUX_TEST_KUBECONFIG
      ? startTestCluster('test-cluster', false)
      : undefined,
    workloadFiles.length > 0 && !env.TSFLUX_TEST_WORKLOAD_KUBECONFIG
      ? startTestCluster('workload-cluster', true)
      : undefined,
  ]);
  const failed = starts.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const [plain, workloads] = starts.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  if (plain) env.TSFLUX_TEST_KUBECONFIG = plain;
  if (workloads) env.TSFLUX_TEST_WORKLOAD_KUBECONFIG = workloads;
  // workload tests may use the plain helpers too (testNamespace...): they then share the workload cluster
  env.TSFLUX_TEST_KUBECONFIG ??= env.TSFLUX_TEST_WORKLOAD_KUBECONFIG;
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
  process.stderr.write(`error: ${toError(e).message}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
