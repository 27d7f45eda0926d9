import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeClient, loadKubeconfig, renderKubeconfig } from '../runtime/kube/index.ts';
import { controlPlaneBinaries } from './binaries.ts';
import { ensureFakeNode, FAKE_NODE_ANNOTATION, fakeNodeReady, untaintFakeNode } from './fake-nodes.ts';
import { generatePki } from './pki.ts';
import { freePort } from './ports.ts';
import { isOurProcess, logTail, readPid, startDetached, stopRecorded } from './processes.ts';
import { KUBERNETES_VERSION } from './versions.ts';
import { workloadBinaries } from './workload-binaries.ts';

/** The servers of a local control plane, in start order (stopped in reverse). */
const SERVERS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
type Server = (typeof SERVERS)[number];
/** The servers that only a cluster running workloads has. */
const WORKLOAD_SERVERS: readonly Server[] = ['kube-scheduler', 'kwok'];

/** The servers a cluster started with or without workloads runs. */
export function expectedServers(state: Pick<ClusterState, 'workloads'>): Server[] {
  return SERVERS.filter((s) => state.workloads || !WORKLOAD_SERVERS.includes(s));
}

/** Controllers kube-controller-manager runs: enough for namespaces, garbage collection and service accounts. */
const KCM_CONTROLLERS = [
  'garbage-collector-controller',
  'namespace-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller',
];

/** The workload controllers: with a scheduler and kwok's nodes, these complete workloads as a real cluster does. */
const KCM_WORKLOAD_CONTROLLERS = [
  'deployment-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemonset-controller',
  'job-controller',
];

/** What `up` records about a running control plane in `<dir>/cluster.json`. */
export interface ClusterState {
  version: string;
  apiserverPort: number;
  etcdPort: number;
  kubeconfig: string;
  startedAt: string;
  /** Whether kube-scheduler and kwok run (absent in states written before they existed). */
  workloads?: boolean;
}

/** Options of {@link startControlPlane}. */
export interface StartOptions {
  /** State directory: certificates, etcd data, logs, pid files and the kubeconfig live here. */
  dir: string;
  log?: (line: string) => void;
  /** How long to wait for `/readyz`; default 120 s. */
  readyTimeoutMs?: number;
  /**
   * Run the deployment and replicaset controllers too, so Deployments report status (with no
   * kubelet, only scaled-to-zero ones become Available). Off by default: tests write workload
   * status themselves and must not race a controller doing the same.
   */
  workloadControllers?: boolean;
  /**
   * Run workloads as a real cluster does: kube-scheduler, kwok with one simulated node (Pods become
   * Running and Ready, Jobs complete; no container runs), and kube-controller-manager's workload
   * controllers (deployment, replicaset, statefulset, daemonset, job). On by default, as `tsflux up`
   * and `tsflux cluster up` want it; tests that write workload status by hand turn it off.
   */
  workloads?: boolean;
  /** kube-controller-manager's client budget (`--kube-api-qps`, burst twice that); its default is 20 QPS, burst 30. */
  controllerManagerQps?: number;
  /** Extra kube-apiserver flags, appended last (a fault case turns the watch cache off with them). */
  apiserverArgs?: string[];
}

/** The default state directory of `tsflux cluster`: `$XDG_STATE_HOME/tsflux/cluster`. */
export function defaultClusterDir(): string {
  const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'tsflux', 'cluster');
}

function layout(dir: string) {
  const root = resolve(dir);
  return {
    root,
    pki: join(root, 'pki'),
    etcdData: join(root, 'etcd'),
    logs: join(root, 'logs'),
    run: join(root, 'run'),
    state: join(root, 'cluster.json'),
    kubeconfig: join(root, 'kubeconfig'),
    kcmKubeconfig: join(root, 'pki', 'controller-manager.kubeconfig'),
  };
}

/** Reads `<dir>/cluster.json`, or undefined when the directory never held a cluster. */
export function readClusterState(dir: string): ClusterState | undefined {
  const f = layout(dir).state;
  if (!existsSync(f)) return undefined;
  return JSON.parse(readFileSync(f, 'utf8')) as ClusterState;
}

/** Which of the control plane's servers in `dir` are running (pid file present and process ours). */
export function runningServers(dir: string): Server[] {
  const l = layout(dir);
  return SERVERS.filter((s) => {
    const pid = readPid(l.run, s);
    return pid !== undefined && isOurProcess(pid, l.root);
  });
}

/**
 * Starts etcd, kube-apiserver and kube-controller-manager on loopback, on free ports, with fresh
 * certificates, RBAC and an admin kubeconfig (and, unless `workloads` is false, kube-scheduler and
 * kwok with one simulated node), waits until they are ready, and returns the state. The
 * servers run detached: they outlive this process until {@link stopControlPlane}. When the
 * directory already holds a healthy control plane, that one is returned unchanged.
 */
export async function startControlPlane(options: StartOptions): Promise<ClusterState> {
  const log = options.log ?? (() => {});
  const l = layout(options.dir);
  const workloads = options.workloads ?? true;
  const existing = readClusterState(l.root);
  if (
    existing &&
    (existing.workloads ?? false) === workloads &&
    runningServers(l.root).length === expectedServers(existing).length &&
    (await isReady(existing.kubeconfig, 5000))
  ) {
    log(`a control plane is already running in ${l.root}`);
    return existing;
  }
  await stopControlPlane(l.root);
  const bins = await controlPlaneBinaries(log);
  const extra = workloads ? await workloadBinaries(log) : undefined;
  for (const d of [l.pki, l.etcdData, l.logs, l.run]) mkdirSync(d, { recursive: true, mode: 0o700 });

  const pki = generatePki();
  const files: Record<string, string> = {
    'ca.crt': pki.ca.cert,
    'ca.key': pki.ca.key,
    'apiserver.crt': pki.apiserver.cert,
    'apiserver.key': pki.apiserver.key,
    'admin.crt': pki.admin.cert,
    'admin.key': pki.admin.key,
    'sa.key': pki.serviceAccount.key,
    'sa.pub': pki.serviceAccount.pub,
  };
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(l.pki, name), content, { mode: 0o600 });

  const [etcdPort, etcdPeerPort, apiserverPort, kcmPort, schedulerPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const server = `https://127.0.0.1:${apiserverPort}`;
  writeFileSync(
    l.kcmKubeconfig,
    renderKubeconfig({
      name: 'tsflux-local',
      server,
      ca: pki.ca.cert,
      cert: pki.controllerManager.cert,
      key: pki.controllerManager.key,
    }),
    { mode: 0o600 },
  );
  writeFileSync(
    l.kubeconfig,
    renderKubeconfig({
      name: 'tsflux-local',
      server,
      ca: pki.ca.cert,
      cert: pki.admin.cert,
      key: pki.admin.key,
    }),
    {
      mode: 0o600,
    },
  );

  const start = (name: Server, binary: string, args: string[]) => {
    log(`starting ${name}`);
    // the command line is kept so that a server can be restarted exactly as it was started
    writeFileSync(join(l.run, `${name}.cmd.json`), JSON.stringify({ binary, args }));
    startDetached({ name, binary, args, runDir: l.run, logFile: join(l.logs, `${name}.log`) });
  };
  try {
    start('etcd', bins.etcd, [
      '--name=tsflux',
      `--data-dir=${l.etcdData}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=tsflux=http://127.0.0.1:${etcdPeerPort}`,
      '--listen-metrics-urls=',
      // tests and local use: durability across power loss is not worth the fsync latency
      '--unsafe-no-fsync',
      '--quota-backend-bytes=4294967296',
      '--log-level=warn',
    ]);
    await waitFor(`etcd on 127.0.0.1:${etcdPort}`, () => etcdHealthy(etcdPort), 30_000, l, 'etcd');

    start('kube-apiserver', bins['kube-apiserver'], [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiserverPort}`,
      `--cert-dir=${l.pki}`,
      `--tls-cert-file=${join(l.pki, 'apiserver.crt')}`,
      `--tls-private-key-file=${join(l.pki, 'apiserver.key')}`,
      `--client-ca-file=${join(l.pki, 'ca.crt')}`,
      `--service-account-key-file=${join(l.pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(l.pki, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.0.0.0/16',
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--v=0',
      ...(options.apiserverArgs ?? []),
    ]);
    await waitFor(
      `kube-apiserver on ${server}`,
      () => isReady(l.kubeconfig, 2000),
      options.readyTimeoutMs ?? 120_000,
      l,
      'kube-apiserver',
    );

    start('kube-controller-manager', bins['kube-controller-manager'], [
      `--kubeconfig=${l.kcmKubeconfig}`,
      `--controllers=${[
        ...KCM_CONTROLLERS,
        ...(workloads
          ? KCM_WORKLOAD_CONTROLLERS
          : options.workloadControllers
            ? ['deployment-controller', 'replicaset-controller']
            : []),
      ].join(',')}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--cert-dir=${l.pki}`,
      `--service-account-private-key-file=${join(l.pki, 'sa.key')}`,
      `--root-ca-file=${join(l.pki, 'ca.crt')}`,
      '--use-service-account-credentials=false',
      ...(options.controllerManagerQps
        ? [
            `--kube-api-qps=${options.controllerManagerQps}`,
            `--kube-api-burst=${options.controllerManagerQps * 2}`,
          ]
        : []),
      '--profiling=false',
      '--v=0',
    ]);
    await waitFor(
      'kube-controller-manager',
      () => httpsOk(`https://127.0.0.1:${kcmPort}/healthz`),
      60_000,
      l,
      'kube-controller-manager',
    );

    if (extra) {
      // both act for the control plane, so they use the controller manager's identity
      start('kube-scheduler', extra['kube-scheduler'], [
        `--kubeconfig=${l.kcmKubeconfig}`,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${schedulerPort}`,
        `--cert-dir=${l.pki}`,
        '--profiling=false',
        '--v=0',
      ]);
      await waitFor(
        'kube-scheduler',
        () => httpsOk(`https://127.0.0.1:${schedulerPort}/healthz`),
        60_000,
        l,
        'kube-scheduler',
      );
      start('kwok', extra.kwok, [
        `--kubeconfig=${l.kcmKubeconfig}`,
        `--config=${extra.kwokStages}`,
        `--manage-nodes-with-annotation-selector=${FAKE_NODE_ANNOTATION}=fake`,
        '--node-ip=127.0.0.1',
        // kwok hands out Pod IPs from this range; it must not overlap the Service range above
        '--cidr=10.244.0.1/16',
        '--v=WARN',
      ]);
      const admin = new KubeClient(loadKubeconfig(l.kubeconfig));
      try {
        await ensureFakeNode(admin);
        await waitFor('kwok: the simulated node', () => fakeNodeReady(admin), 60_000, l, 'kwok');
        await untaintFakeNode(admin);
      } finally {
        admin.close();
      }
    }
  } catch (e: unknown) {
    await stopControlPlane(l.root);
    throw e;
  }
  const state: ClusterState = {
    version: KUBERNETES_VERSION,
    apiserverPort,
    etcdPort,
    kubeconfig: l.kubeconfig,
    startedAt: new Date().toISOString(),
    workloads,
  };
  writeFileSync(l.state, `${JSON.stringify(state, null, 2)}\n`);
  log(`control plane ready at ${server}`);
  return state;
}

/**
 * Stops exactly the servers that {@link startControlPlane} started in `dir` (by pid file, in
 * reverse order). With `purge`, the whole state directory is removed afterwards; otherwise
 * etcd's data and the logs stay for inspection. Returns the names of the servers stopped.
 */
export async function stopControlPlane(dir: string, options: { purge?: boolean } = {}): Promise<string[]> {
  const l = layout(dir);
  const stopped: string[] = [];
  if (existsSync(l.run)) {
    for (const s of [...SERVERS].reverse()) if (await stopRecorded(l.run, s, l.root)) stopped.push(s);
  }
  rmSync(l.state, { force: true });
  if (options.purge) rmSync(l.root, { recursive: true, force: true });
  return stopped;
}

/**
 * Restarts one server of a running control plane with the command line it was started with
 * (same ports, same data), and waits until the API server is ready again. Tests use it to check
 * that watches and controllers survive an API server restart.
 */
export async function restartServer(dir: string, server: Server): Promise<void> {
  const l = layout(dir);
  const state = readClusterState(l.root);
  if (!state) throw new Error(`no control plane is running in ${l.root}`);
  const { binary, args } = JSON.parse(readFileSync(join(l.run, `${server}.cmd.json`), 'utf8')) as {
    binary: string;
    args: string[];
  };
  await stopRecorded(l.run, server, l.root);
  startDetached({ name: server, binary, args, runDir: l.run, logFile: join(l.logs, `${server}.log`) });
  await waitFor(`${server} after restart`, () => isReady(state.kubeconfig, 2000), 120_000, l, server);
}

/** Tells whether the API server of a kubeconfig answers `/readyz` with `ok` within the timeout. */
export async function isReady(kubeconfig: string, timeoutMs: number): Promise<boolean> {
  let client: KubeClient | undefined;
  try {
    client = new KubeClient(loadKubeconfig(kubeconfig));
    const body = await client.request<string>({ path: '/readyz', timeoutMs });
    return String(body).trim() === 'ok';
  } catch {
    return false;
  } finally {
    client?.close();
  }
}

async function etcdHealthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok && ((await res.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

async function httpsOk(url: string): Promise<boolean> {
  const { request } = await import('node:https');
  return new Promise((done) => {
    const r = request(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    r.on('error', () => done(false));
    r.on('timeout', () => r.destroy());
    r.end();
  });
}

async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  l: ReturnType<typeof layout>,
  server: Server,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pid = readPid(l.run, server);
    if (!pid || !isOurProcess(pid, l.root)) {
      throw new Error(
        `${server} exited during start-up; last lines of ${join(l.logs, `${server}.log`)}:\n${logTail(join(l.logs, `${server}.log`))}`,
      );
    }
    if (await probe()) return;
    await sleep(250);
  }
  throw new Error(
    `${what} not ready after ${timeoutMs / 1000}s; last lines of its log:\n${logTail(join(l.logs, `${server}.log`))}`,
  );
}
