import { existsSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cached, goBuild, haveGo } from '../toolchain/index.ts';
import {
  CONTROL_PLANE_PACKAGES,
  type ControlPlaneBinary,
  ETCD_VERSION,
  KUBERNETES_VERSION,
} from './versions.ts';

/** Absolute paths of the three control-plane binaries. */
export type ControlPlaneBinaries = Record<ControlPlaneBinary, string>;

const moduleDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/control-plane');

/** The cache key of the control-plane build: changes exactly when a pinned version changes. */
export function controlPlaneCacheKey(): string {
  return `control-plane-kubernetes-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}`;
}

/** ldflags that make the servers report their real version (`kubectl version`, `/version`). */
export function versionLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const vars: Record<string, string> = {
    gitVersion: KUBERNETES_VERSION,
    gitMajor: major,
    gitMinor: minor,
    gitTreeState: 'clean',
    gitCommit: '0000000000000000000000000000000000000000',
    buildDate: '1970-01-01T00:00:00Z',
  };
  const pkgs = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'];
  return ['-s -w', ...pkgs.flatMap((p) => Object.entries(vars).map(([k, v]) => `-X ${p}.${k}=${v}`))].join(
    ' ',
  );
}

function fromKubebuilderAssets(): Partial<ControlPlaneBinaries> {
  const dir = process.env.KUBEBUILDER_ASSETS;
  const found: Partial<ControlPlaneBinaries> = {};
  if (!dir) return found;
  for (const { binary } of CONTROL_PLANE_PACKAGES) {
    const p = join(dir, binary);
    if (existsSync(p)) found[binary] = p;
  }
  return found;
}

/**
 * Locates the control-plane binaries: those in `$KUBEBUILDER_ASSETS` (envtest layout) first, the
 * rest from the version-keyed cache, building them from Go modules on the first use. A warm cache
 * never rebuilds. Without Go and without binaries, the error says what to install.
 */
export async function controlPlaneBinaries(
  log: (line: string) => void = () => {},
): Promise<ControlPlaneBinaries> {
  const assets = fromKubebuilderAssets();
  const missing = CONTROL_PLANE_PACKAGES.filter((p) => !assets[p.binary]);
  if (missing.length === 0) return assets as ControlPlaneBinaries;
  const key = controlPlaneCacheKey();
  const dir = await cached(
    key,
    async (out) => {
      if (!haveGo()) {
        throw new Error(
          `no control-plane binaries: install Go >= 1.25 (tsflux builds kube-apiserver, kube-controller-manager ` +
            `and etcd ${KUBERNETES_VERSION}/${ETCD_VERSION} from Go modules once and caches them), or set ` +
            `KUBEBUILDER_ASSETS to a directory holding etcd, kube-apiserver and kube-controller-manager`,
        );
      }
      log(
        `building the control plane (kubernetes ${KUBERNETES_VERSION}, etcd ${ETCD_VERSION}) from Go modules; first run only, about 5 minutes on 2 cores`,
      );
      await goBuild({
        moduleDir,
        packages: CONTROL_PLANE_PACKAGES.map((p) => p.pkg),
        outDir: out,
        ldflags: versionLdflags(),
        log: () => {},
      });
      for (const p of CONTROL_PLANE_PACKAGES) {
        if (p.built !== p.binary) renameSync(join(out, p.built), join(out, p.binary));
      }
      log('control plane built and cached');
    },
    { onWait: () => log('waiting for another process that is building the control plane') },
  );
  const result = { ...assets } as ControlPlaneBinaries;
  for (const { binary } of missing) result[binary] = join(dir, binary);
  return result;
}
