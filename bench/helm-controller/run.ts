// Benchmark: tsflux's helm controller alone in the shape of Flux's scale test: N HelmReleases of
// podinfo from one OCI HelmRepository, Deployments scaled to zero, from creation to all Ready, on a
// fresh control plane per N; wall time, peak memory (children included), CPU, API requests by verb.
// Flux 2.9 publishes 26 s / 286 MiB (N=100), 2 min 14 s / 306 MiB (N=500) and 4 min 39 s / 361 MiB
// (N=1000) on a 16-core runner; bench/vs-flux runs the real helm-controller beside tsflux on this
// machine, which is the comparison that holds.
// Run: node bench/helm-controller/run.ts [--counts 100,500,1000] [--budget default|raised]
//   [--concurrent 20] [--timeout-min 20] [--noop] [--no-record]
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineLine } from '../support/machine.ts';
import { repoRoot } from '../support/manager.ts';
import { measure } from '../vs-flux/measure.ts';
import { boundLine, resultLine } from '../vs-flux/report.ts';
import { BUDGETS, tsfluxTool } from '../vs-flux/tools.ts';
import { tsfluxEntry } from '../vs-flux/tsflux-entry.ts';
import { startWorkloadServers, workloads } from '../vs-flux/workloads.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const counts = arg('counts', '100,500,1000').split(',').map(Number);
const budget = BUDGETS[arg('budget', 'default')];
if (!budget) throw new Error('--budget is default or raised');
const concurrent = Number(arg('concurrent', '20'));

const out: string[] = [];
const say = (line: string) => {
  console.log(line);
  out.push(line);
};
say(`== bench/helm-controller, ${new Date().toISOString()}`);
say(machineLine());
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
say(`load average at start: ${load()} (other work shares this machine, so these figures are provisional)`);
const servers = await startWorkloadServers();
const workload = workloads(servers).get('helmrelease');
if (!workload) throw new Error('no helmrelease workload');
const entry = tsfluxEntry();
say(`tsflux: ${entry.description}`);
const dir = mkdtempSync(join(tmpdir(), 'tsflux-bench-helm-'));
try {
  for (const n of counts) {
    say(
      `${workload.counted}, N=${n}, ${budget.qps} QPS / burst ${budget.burst}, --concurrent ${concurrent}, load ${load()}:`,
    );
    const r = await measure({
      tool: tsfluxTool(entry.path),
      workload,
      n,
      budget,
      concurrent,
      dir: join(dir, `helm-${n}`),
      timeoutMs: Number(arg('timeout-min', '20')) * 60_000,
      noop: process.argv.includes('--noop'),
      log: (l) => console.error(l),
    });
    say(resultLine(r));
    say(boundLine(r, budget));
  }
  say(`load average at end: ${load()}`);
} finally {
  await servers.stop();
  rmSync(dir, { recursive: true, force: true });
  if (!process.argv.includes('--no-record'))
    appendFileSync(join(repoRoot, 'bench/results/helm-controller.txt'), `${out.join('\n')}\n\n`);
}
