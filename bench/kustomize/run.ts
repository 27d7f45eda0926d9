/**
 * Benchmark: in-process kustomize builds against spawning `kubectl kustomize`, on the podinfo
 * production overlay and on a generated overlay of 1,000 resources. Prints per-build times, the
 * ratio and the machine. Run with `node bench/kustomize/run.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiskFS, MemoryFS, type VirtualFS } from '../../src/engines/fs/index.ts';
import { buildOrThrow, emitYamlStream } from '../../src/engines/kustomize/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const podinfo = join(here, '..', '..', '..', 'shared', 'fixtures', 'repos', 'podinfo-deploy');

function time(fn: () => void, runs: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

/** A base of 1,000 Deployments/Services/ConfigMaps and an overlay with the usual transformers. */
function generatedTree(): Record<string, string> {
  const files: Record<string, string> = {};
  const names: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const name = `app-${i}`;
    const kind = i % 3;
    const file = `base/r${i}.yaml`;
    names.push(`r${i}.yaml`);
    if (kind === 0)
      files[file] =
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: settings\n`;
    else if (kind === 1)
      files[file] =
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n`;
    else
      files[file] =
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: "value ${i}"\n`;
  }
  files['base/kustomization.yaml'] = `resources:\n${names.map((n) => `- ${n}`).join('\n')}\n`;
  files['overlay/kustomization.yaml'] =
    'resources:\n- ../base\nnamespace: bench\nnamePrefix: b-\ncommonLabels:\n  env: bench\nimages:\n- name: nginx\n  newTag: "1.27"\nconfigMapGenerator:\n- name: settings\n  literals:\n  - A=1\n';
  return files;
}

function bench(label: string, fs: VirtualFS, dir: string, diskDir: string, runs: number): void {
  const expected = execFileSync('kubectl', ['kustomize', diskDir], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const render = () => emitYamlStream(buildOrThrow(fs, dir));
  if (render() !== expected) console.log(`  note: ${label} output differs from kubectl`);
  const cold = time(render, 1);
  // let the JIT settle before measuring the steady state
  time(render, Math.max(5, Math.floor(runs / 2)));
  const warm = time(render, runs);
  const proc = time(() => execFileSync('kubectl', ['kustomize', diskDir], { maxBuffer: 1 << 28 }), 5);
  console.log(
    `${label}: engine ${warm.toFixed(2)} ms/build warm (${cold.toFixed(1)} ms first), kubectl ${proc.toFixed(1)} ms/build, ${(proc / warm).toFixed(1)}x faster`,
  );
}

const cpu = cpus();
console.log(`machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}`);
bench(
  'podinfo-deploy/overlays/production',
  new DiskFS(podinfo),
  'overlays/production',
  join(podinfo, 'overlays/production'),
  50,
);

const tree = generatedTree();
const tmp = mkdtempSync(join(tmpdir(), 'kz-bench-'));
try {
  for (const [path, content] of Object.entries(tree)) {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), content);
  }
  bench(
    'generated 1,000-resource overlay (in memory)',
    new MemoryFS(tree),
    'overlay',
    join(tmp, 'overlay'),
    5,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
