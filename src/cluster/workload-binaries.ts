import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cached, goBuild } from '../toolchain/index.ts';
import { versionLdflags } from './binaries.ts';
import { KUBERNETES_VERSION, KWOK_VERSION } from './versions.ts';

const run = promisify(execFile);

const scriptsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts');

/**
 * What a workload-capable local cluster runs besides the control plane: kube-scheduler, kwok, and
 * the file of kwok Stages that drives simulated nodes and Pods.
 */
export interface WorkloadBinaries {
  'kube-scheduler': string;
  kwok: string;
  /** kwok's Stage configuration (YAML documents), passed to kwok with `--config`. */
  kwokStages: string;
}

/** The cache key of kube-scheduler: its own entry, so the control plane's cached build is kept. */
export function schedulerCacheKey(): string {
  return `kube-scheduler-kubernetes-${KUBERNETES_VERSION}`;
}

/** The cache key of kwok and its Stage configuration. */
export function kwokCacheKey(): string {
  return `kwok-${KWOK_VERSION}`;
}

/**
 * The Stages kwok applies, as paths inside the kwok module: nodes become Ready once, Pods bound to
 * a node become Running and Ready, Pods of Jobs then Succeed, and deleted Pods go away. No node
 * heartbeat: nothing in the local cluster (no node lifecycle controller) would act on a stale one,
 * and it keeps kwok idle between changes.
 */
const KWOK_STAGES = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

/**
 * Locates kube-scheduler and kwok, building each from Go modules into its own version-keyed cache
 * entry on first use (kube-scheduler from the control plane's module, whose Go build cache the
 * control-plane build has mostly filled already; kwok from `scripts/kwok`).
 */
export async function workloadBinaries(log: (line: string) => void = () => {}): Promise<WorkloadBinaries> {
  const schedulerDir = await cached(
    schedulerCacheKey(),
    async (out) => {
      log(`building kube-scheduler ${KUBERNETES_VERSION} from Go modules; first run only`);
      await goBuild({
        moduleDir: join(scriptsDir, 'control-plane'),
        packages: ['k8s.io/kubernetes/cmd/kube-scheduler'],
        outDir: out,
        ldflags: versionLdflags(),
        log: () => {},
      });
      log('kube-scheduler built and cached');
    },
    { onWait: () => log('waiting for another process that is building kube-scheduler') },
  );
  const kwokDir = await cached(
    kwokCacheKey(),
    async (out) => {
      log(`building kwok ${KWOK_VERSION} from Go modules; first run only`);
      const moduleDir = join(scriptsDir, 'kwok');
      await goBuild({
        moduleDir,
        packages: ['sigs.k8s.io/kwok/cmd/kwok'],
        outDir: out,
        ldflags: '-s -w',
        log: () => {},
      });
      // the Stage files ship in the kwok module (kwokctl embeds them; the kwok binary does not)
      const { stdout } = await run('go', ['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok'], {
        cwd: moduleDir,
        env: { ...process.env, GOFLAGS: '-mod=readonly' },
      });
      const source = stdout.trim();
      const docs = KWOK_STAGES.map((f) => readFileSync(join(source, f), 'utf8').trim());
      writeFileSync(join(out, 'stages.yaml'), `${docs.join('\n---\n')}\n`);
      log('kwok built and cached');
    },
    { onWait: () => log('waiting for another process that is building kwok') },
  );
  return {
    'kube-scheduler': join(schedulerDir, 'kube-scheduler'),
    kwok: join(kwokDir, 'kwok'),
    kwokStages: join(kwokDir, 'stages.yaml'),
  };
}
