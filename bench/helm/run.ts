// Renders podinfo and kube-state-metrics in-process with tsflux and with `helm template` as a
// process, and prints the times, the ratios and the machine. A benchmark, not a test: no assertions.
//
// Columns: first render (the first load+render in this process, JIT cold, nothing cached);
// load+render (chart read from disk and rendered, parsed templates and document heads reused from
// earlier renders of the same chart content, as a controller re-rendering a release does); render
// (an already loaded chart); helm template (the real binary as a process, same flags).
//
//   node bench/helm/run.ts [iterations]
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { loadChartFromDisk } from '../../src/cli/commands/helm.ts';
import { type Chart, renderChart, templateOutput } from '../../src/engines/helm/index.ts';
import { helmBinary } from '../../src/toolchain/index.ts';

const CHARTS = resolve(import.meta.dirname, '../../../shared/fixtures/charts');
const iterations = Number(process.argv[2] ?? 20);
const helm = await helmBinary();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => unknown, n: number): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(out);
}

const cpu = cpus()[0];
process.stdout.write(
  `machine: ${cpu?.model ?? 'unknown cpu'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}\n`,
);
process.stdout.write(`iterations: ${iterations} (median reported)\n\n`);
process.stdout.write(
  'chart                 first render  load+render  render   helm template  ratio (load+render)  ratio (render)\n',
);
for (const name of ['podinfo', 'kube-state-metrics']) {
  const dir = `${CHARTS}/${name}`;
  const args = ['template', 'rel', dir, '--namespace', 'ns', '--kube-version', '1.35.0'];
  const expected = execFileSync(helm, args, { encoding: 'utf8' });
  const render = async (chart?: Chart) =>
    templateOutput(
      renderChart(chart ?? (await loadChartFromDisk(dir)), {
        releaseName: 'rel',
        namespace: 'ns',
        kubeVersion: '1.35.0',
      }),
    );
  const t0 = process.hrtime.bigint();
  const first = await render();
  const cold = Number(process.hrtime.bigint() - t0) / 1e6;
  // podinfo's test hooks carry random names, so compare with those lines masked
  const mask = (s: string) => s.replace(/-test-[a-z0-9]{5}$/gm, '-test-XXXXX');
  const same = mask(first) === mask(expected) ? 'identical output' : 'OUTPUT DIFFERS';
  for (let i = 0; i < 5; i++) await render(); // warm up the JIT
  const full = await time(() => render(), iterations);
  const loaded = await loadChartFromDisk(dir);
  const renderOnly = await time(() => render(loaded), iterations);
  const proc = await time(
    () => execFileSync(helm, args, { encoding: 'utf8' }),
    Math.max(5, Math.floor(iterations / 2)),
  );
  const ms = (x: number, w: number) => `${x.toFixed(2)} ms`.padEnd(w);
  process.stdout.write(
    `${name.padEnd(22)}${ms(cold, 14)}${ms(full, 13)}${ms(renderOnly, 9)}${ms(proc, 15)}${`${(proc / full).toFixed(1)}x`.padEnd(21)}${(proc / renderOnly).toFixed(1)}x  (${same})\n`,
  );
}
