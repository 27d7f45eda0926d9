// The bench's printed lines: one per tool and run, then the ratios of Flux's figures to tsflux's.
import { cpus } from 'node:os';
import { formatCounts } from './audit.ts';
import type { RunResult } from './measure.ts';
import type { Budget } from './tools.ts';

/** The figures of one run on one line. */
export function resultLine(r: RunResult): string {
  const outcome = r.complete
    ? `all ${r.n} Ready in ${r.wallS.toFixed(1)} s`
    : `only ${r.ready}/${r.n} Ready after ${r.wallS.toFixed(0)} s (timeout)`;
  const lines = [
    `  ${r.tool.padEnd(6)} ${outcome}; peak RSS ${r.peak.rss.toFixed(0)} MiB with children's private memory (all RSS summed ${r.peak.rssSum.toFixed(0)}, PSS ${r.peak.pss.toFixed(0)}; idle ${r.idle.rss.toFixed(0)}); CPU ${r.cpuS.toFixed(1)} s; API requests ${r.requests.total} (${formatCounts(r.requests.byVerb)}; by client: ${formatCounts(r.requests.byAgent)})`,
  ];
  lines.push(`         requests by resource (most first): ${formatCounts(r.requests.byResource, 10)}`);
  if (r.phases) lines.push(`         ${r.phases}`);
  if (r.noop)
    lines.push(
      `         no-op reconcile of all (requestedAt): ${r.noop.wallS.toFixed(1)} s, ${(r.noop.requests.total / r.n).toFixed(1)} requests and ${((r.noop.cpuS * 1000) / r.n).toFixed(0)} ms CPU per object (${formatCounts(r.noop.requests.byVerb)})`,
    );
  return lines.join('\n');
}

const ratio = (flux: number, ts: number) => (ts > 0 ? `${(flux / ts).toFixed(2)}x` : 'n/a');

/**
 * Flux's figure over tsflux's for wall time, peak memory, CPU and requests. When Flux did not
 * finish, its wall time is a lower bound ("> ...").
 */
export function ratioLine(ts: RunResult, flux: RunResult): string {
  if (!ts.complete) return `  ratio  n/a: tsflux did not finish (${ts.ready}/${ts.n})`;
  const wall = `${flux.complete ? '' : '> '}${ratio(flux.wallS, ts.wallS)}`;
  return `  ratio  Flux / tsflux: wall ${wall}, peak RSS ${ratio(flux.peak.rss, ts.peak.rss)}, CPU ${ratio(flux.cpuS, ts.cpuS)}, API requests ${ratio(flux.requests.total, ts.requests.total)}${flux.complete ? '' : ' (Flux had not finished: CPU and requests cover the same time, not the same work)'}`;
}

/**
 * What bounded a run, from its own figures: the share of a core its CPU took over the wall time,
 * and each client's request rate against its budget (a rate near the QPS says the client-side
 * limiter was the bound; a CPU share near the machine's cores says the CPU was).
 */
export function boundLine(r: RunResult, budget: Budget): string {
  const rates = [...r.requests.byAgent]
    .sort((a, b) => b[1] - a[1])
    .map(([agent, c]) => `${agent} ${(c / r.wallS).toFixed(1)}/s`)
    .join(', ');
  return `         bound: CPU ${((r.cpuS / r.wallS) * 100).toFixed(0)}% of one core over the run (${cpus().length} cores, shared), runnable but waiting for a CPU ${r.runQueue.main.toFixed(0)} s on the main thread(s), ${r.runQueue.threads.toFixed(0)} s summed over threads; requests per second against ${budget.qps} QPS per controller: ${rates}`;
}
