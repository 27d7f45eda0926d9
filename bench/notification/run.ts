// Benchmark: from a GitHub push webhook to the Alert's delivery. A local control plane, the local
// git server, tsflux's manager with the source, kustomize and notification controllers; each
// round commits and pushes a change, POSTs a signed GitHub `push` event to the `github`
// Receiver, and times until the `generic` Provider's listener (run here) receives the
// Kustomization's "Reconciliation finished" event for the new commit. Prints every round, the
// median and p90, the split (webhook answered, GitRepository artifact, Kustomization applied,
// first event delivered) and the load average; the goal is under 2 s, printed, never asserted.
// Run: node bench/notification/run.ts [--rounds 10] [--no-record]
// It builds dist/ (or runs src/ when dist/ does not build) and starts its own control plane and
// servers, removed at the end; the result is appended to bench/results/notification.txt.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, stopControlPlane } from '../../src/cluster/index.ts';
import { applyManifests, installManifests } from '../../src/manager/index.ts';
import { KubeClient, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { freePort, startGitHttpServer } from '../../test/servers/index.ts';
import { machineLine } from '../support/machine.ts';
import { repoRoot, spawnManager, stopManager } from '../support/manager.ts';
import { tsfluxEntry } from '../vs-flux/tsflux-entry.ts';
import { startAlertListener } from './listener.ts';
import { createWorkload, type RoundResult, runRound } from './round.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rounds = Number(arg('rounds', '10'));
const out: string[] = [];
const say = (line: string) => {
  console.log(line);
  out.push(line);
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const ms = (x: number) => `${Math.round(x)} ms`;
/** The q-quantile of xs (nearest rank). */
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

say(`== bench/notification, ${new Date().toISOString()}`);
say(machineLine());
say(`load average at start: ${load()} (other work shares this machine, so these figures are provisional)`);
const entry = tsfluxEntry();
say(`tsflux: ${entry.description}`);
const dir = mkdtempSync(join(tmpdir(), 'tsflux-bench-notification-'));
const git = await startGitHttpServer();
const listener = await startAlertListener();
let clusterUp = false;
try {
  const state = await startControlPlane({
    dir: join(dir, 'cluster'),
    log: (l) => console.error(`[cluster] ${l}`),
    workloads: false, // ConfigMaps only: no scheduler, no kwok
  });
  clusterUp = true;
  const kube = new KubeClient(loadKubeconfig(state.kubeconfig), { qps: 0 });
  await applyManifests(kube, installManifests({ crdsOnly: true }), { fieldManager: 'bench' });
  // a port chosen here, as the manager logs the one it picked only at info level
  const receiverPort = await freePort();
  const { child } = await spawnManager({
    kubeconfig: state.kubeconfig,
    entry: entry.path,
    args: [
      '--controllers=source,kustomize,notification',
      '--webhook-addr',
      '',
      '--log-level',
      'error',
      '--receiver-addr',
      `127.0.0.1:${receiverPort}`,
      '--events-listen-addr',
      '127.0.0.1:0',
    ],
  });
  try {
    const namespace = 'bench-notification';
    await kube.create({ version: 'v1', resource: 'namespaces' }, { metadata: { name: namespace } });
    const ctx = { kube, namespace, git, listener, receiverPort, token: `bench-token-${Date.now()}` };
    const webhookPath = await createWorkload(ctx);
    say(
      `${rounds} rounds: push a commit, POST a signed GitHub push event to the github Receiver, time until the generic Provider's listener has the Kustomization's "Reconciliation finished" for the commit`,
    );
    const results: RoundResult[] = [];
    for (let i = 1; i <= rounds; i++) {
      const r = await runRound(ctx, webhookPath, i);
      results.push(r);
      say(
        `  round ${i} (${r.revision.slice(0, 8)}): delivered ${ms(r.deliveredMs)} (answered ${ms(r.answeredMs)}, GitRepository annotated ${ms(r.requestedMs)}, artifact ${ms(r.artifactMs)}, applied ${ms(r.appliedMs)}, first event ${ms(r.firstEventMs)}; Kustomization reconcile ${r.kustomizeReconcile ?? '?'} by its status.history; load ${r.load.toFixed(2)})`,
      );
    }
    const median = (f: (r: RoundResult) => number) => ms(quantile(results.map(f), 0.5));
    const p90 = (f: (r: RoundResult) => number) => ms(quantile(results.map(f), 0.9));
    say(
      `webhook to delivery: median ${median((r) => r.deliveredMs)}, p90 ${p90((r) => r.deliveredMs)} (goal: under 2 s)`,
    );
    // each step from the one before it, as the bench's watches and listener saw them; the last can
    // be negative when the event arrived before the watch showed the status write
    say(
      `split (medians): webhook answered ${median((r) => r.answeredMs)}, GitRepository annotated ${median((r) => r.requestedMs)}; → artifact +${median((r) => r.artifactMs - r.requestedMs)}; → Kustomization applied +${median((r) => r.appliedMs - r.artifactMs)}; → delivery +${median((r) => r.deliveredMs - r.appliedMs)}`,
    );
    say(`load average at end: ${load()}`);
    kube.close();
  } finally {
    await stopManager(child);
  }
} finally {
  if (clusterUp) await stopControlPlane(join(dir, 'cluster'), { purge: true });
  await listener.stop();
  await git.stop();
  rmSync(dir, { recursive: true, force: true });
  if (!process.argv.includes('--no-record'))
    appendFileSync(join(repoRoot, 'bench/results/notification.txt'), `${out.join('\n')}\n\n`);
}
