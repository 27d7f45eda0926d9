// Benchmark: tsflux side by side with the real Flux, on this machine, in one invocation. Each tool
// runs on a fresh control plane of its own (kube-controller-manager's client budget raised so it is
// never the bound) with the same workload, the same worker count and the same client budget per
// controller; the Flux controllers of the release tsflux matches are built from Go modules once and
// kept in the tool cache (node bench/vs-flux/build.ts builds them alone).
// Prints per run: wall time from creation to all Ready, peak RSS of the tool's processes with their
// children, CPU seconds (children included), API requests by verb (from the apiserver's audit log,
// the tool's user agents only) and Flux's figures over tsflux's. Appends them to
// bench/results/vs-flux.txt with the machine and its load average.
// Run: node bench/vs-flux/run.ts [--counts 100,500] [--budget default|raised|default,raised]
//   [--kinds kustomization,kustomization-oci,helmrelease] [--tools tsflux,flux] [--concurrent 20]
//   [--timeout-min 15] [--noop] [--no-record]
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fluxControllerBinary } from '../../src/toolchain/index.ts';
import { machineLine } from '../support/machine.ts';
import { repoRoot } from '../support/manager.ts';
import { measure, type RunResult } from './measure.ts';
import { boundLine, ratioLine, resultLine } from './report.ts';
import { BUDGETS, fluxControllersFor, fluxTool, type Tool, tsfluxTool } from './tools.ts';
import { tsfluxEntry } from './tsflux-entry.ts';
import { startWorkloadServers, workloads } from './workloads.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const counts = arg('counts', '100,500').split(',').map(Number);
const budgets = arg('budget', 'default').split(',');
const kinds = arg('kinds', 'kustomization,helmrelease').split(',');
const toolNames = arg('tools', 'tsflux,flux').split(',');
const concurrent = Number(arg('concurrent', '20'));
const timeoutMs = Number(arg('timeout-min', '15')) * 60_000;
const noop = process.argv.includes('--noop');
const record = !process.argv.includes('--no-record');
for (const b of budgets) if (!BUDGETS[b]) throw new Error(`unknown budget '${b}': default or raised`);

const out: string[] = [];
const say = (line: string) => {
  console.log(line);
  out.push(line);
};
say(`== bench/vs-flux, ${new Date().toISOString()}`);
say(machineLine());
say(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1/5/15 min; other work shares this machine, so these figures are provisional)`,
);

const servers = await startWorkloadServers();
const all = workloads(servers);
for (const k of kinds) if (!all.has(k)) throw new Error(`unknown kind '${k}': ${[...all.keys()].join(', ')}`);

// every binary is built (or found in the cache) before anything is measured
const tools: Tool[] = [];
if (toolNames.includes('tsflux')) {
  const entry = tsfluxEntry();
  say(`tsflux: ${entry.description}`);
  tools.push(tsfluxTool(entry.path));
}
if (toolNames.includes('flux')) {
  const needed = fluxControllersFor(kinds.flatMap((k) => all.get(k)?.controllers ?? []));
  const binaries = new Map<string, string>();
  for (const c of needed) binaries.set(c.name, await fluxControllerBinary(c, (l) => console.error(l)));
  say(
    `flux: ${needed.map((c) => `${c.name} ${c.version}`).join(', ')} (built from Go modules, go build -trimpath)`,
  );
  tools.push(fluxTool(binaries));
}
say(
  `each run: a fresh control plane (deployment and replicaset controllers, kube-controller-manager at 1000 QPS), --concurrent ${concurrent} per controller, objects created by 16 client workers`,
);

const dir = mkdtempSync(join(tmpdir(), 'tsflux-bench-vs-flux-'));
try {
  for (const kind of kinds) {
    const workload = all.get(kind);
    if (!workload) continue;
    for (const budgetName of budgets) {
      const budget = BUDGETS[budgetName];
      for (const n of counts) {
        say(
          `${workload.counted}, N=${n}, budget ${budget.name} (${budget.qps} QPS / burst ${budget.burst} per controller):`,
        );
        const results: RunResult[] = [];
        for (const tool of tools) {
          const r = await measure({
            tool,
            workload,
            n,
            budget,
            concurrent,
            dir: join(dir, `${tool.name}-${kind}-${budget.name}-${n}`),
            timeoutMs,
            noop,
            log: (l) => console.error(l),
          });
          results.push(r);
          say(resultLine(r));
          say(boundLine(r, budget));
        }
        const ts = results.find((r) => r.tool === 'tsflux');
        const flux = results.find((r) => r.tool === 'flux');
        if (ts && flux) say(ratioLine(ts, flux));
      }
    }
  }
  say(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await servers.stop();
  rmSync(dir, { recursive: true, force: true });
  if (record) appendFileSync(join(repoRoot, 'bench/results/vs-flux.txt'), `${out.join('\n')}\n\n`);
}
