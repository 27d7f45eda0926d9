// Renders podinfo and kube-state-metrics in-process with tsflux and with `helm template` as a
// process, and prints the times, the ratio and the machine. A benchmark, not a test: no assertions.
//
//   node bench/helm/run.ts [iterations]
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { loadChartFromDisk } from '../../src/cli/commands/helm.ts';
import { renderChart, templateOutput } from '../../src/engines/helm/index.ts';
import { helmBinary } from '../../src/toolchain/helm.ts';

const CHARTS = resolve(import.meta.dirname, '../../../shared/fixtures/charts');
const iterations = Number(process.argv[2] ?? 20);
const helm = await helmBinary();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, n: number): number {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(out);
}

const cpu = cpus()[0];
process.stdout.write(
  `machine: ${cpu?.model ?? 'unknown cpu'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}\n`,
);
process.stdout.write(`iterations: ${iterations} (median reported)\n\n`);
process.stdout.write('chart                 tsflux (load+render)  tsflux (render)  helm template  ratio\n');
for (const name of ['podinfo', 'kube-state-metrics']) {
  const dir = `${CHARTS}/${name}`;
  const args = ['template', 'rel', dir, '--namespace', 'ns', '--kube-version', '1.35.0'];
  const expected = execFileSync(helm, args, { encoding: 'utf8' });
  const render = (chart = loadChartFromDisk(dir)) =>
    templateOutput(renderChart(chart, { releaseName: 'rel', namespace: 'ns', kubeVersion: '1.35.0' }));
  const same = render() === expected ? 'identical output' : 'OUTPUT DIFFERS';
  for (let i = 0; i < 5; i++) render(); // warm up the JIT
  const full = time(() => render(), iterations);
  const loaded = loadChartFromDisk(dir);
  const renderOnly = time(() => render(loaded), iterations);
  const proc = time(
    () => execFileSync(helm, args, { encoding: 'utf8' }),
    Math.max(5, Math.floor(iterations / 2)),
  );
  process.stdout.write(
    `${name.padEnd(22)}${`${full.toFixed(2)} ms`.padEnd(22)}${`${renderOnly.toFixed(2)} ms`.padEnd(17)}${`${proc.toFixed(2)} ms`.padEnd(15)}${(proc / full).toFixed(1)}x  (${same})\n`,
  );
}
