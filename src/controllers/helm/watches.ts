import type { Informer } from '../../runtime/cache/index.ts';
import { objectKey } from '../../runtime/cache/index.ts';
import type { Controller } from '../../runtime/controller/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { type ChartSource, chartSourceKey } from './chart-source.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';

/** The index of HelmReleases by chart source: `Kind/namespace/name`. */
export const ChartSourceIndex = 'helm.chartSource';
/** The index of HelmReleases by dependency: `namespace/name`. */
export const DependencyIndex = 'helm.dependsOn';

/** The kinds a HelmRelease takes its chart from. */
const ChartSourceKinds = ['HelmChart', 'OCIRepository', 'ExternalArtifact'];

const artifactRevision = (o: KubeObject) => (o as ChartSource).status?.artifact?.revision;
const readiness = (o: KubeObject) => {
  const ready = (o as ChartSource).status?.conditions?.find((c) => c.type === 'Ready');
  return `${ready?.status}/${ready?.message}`;
};
const readyOf = (o: KubeObject) =>
  (o as HelmReleaseObject).status?.conditions?.find((c) => c.type === 'Ready')?.status;

/**
 * Re-queues the HelmReleases of a chart source when its artifact revision changes (a new chart,
 * or the first one: a HelmRelease waiting on `HelmChartNotReady` goes on at once) or its Ready
 * condition does (a HelmRelease waiting on it says why at once, e.g. a missing chart version,
 * where Flux waits for the next interval), found through an index on the source each
 * HelmRelease reads.
 */
export function watchChartSources(
  controller: Controller,
  env: HelmEnv,
  releases: Informer<HelmReleaseObject>,
): void {
  addIndexOnce(releases, ChartSourceIndex, (hr) => {
    const k = chartSourceKey(hr);
    return [`${k.kind}/${k.namespace}/${k.name}`];
  });
  for (const kind of ChartSourceKinds) {
    let informer: Informer<KubeObject>;
    try {
      informer = env.informerOf(kind);
    } catch {
      continue; // a kind this manager does not serve
    }
    controller.watch(
      informer,
      (src) =>
        releases.store
          .byIndex(ChartSourceIndex, `${kind}/${src.metadata?.namespace}/${src.metadata?.name}`)
          .map((hr) => objectKey(hr)),
      {
        create: (o) => artifactRevision(o) !== undefined,
        update: (old, o) => artifactRevision(old) !== artifactRevision(o) || readiness(old) !== readiness(o),
        delete: () => false,
      },
    );
  }
}

/** Re-queues the HelmReleases that depend on one which just became Ready. */
export function watchDependencies(controller: Controller, releases: Informer<HelmReleaseObject>): void {
  addIndexOnce(releases, DependencyIndex, (hr) =>
    (hr.spec?.dependsOn ?? []).map((d) => `${d.namespace || hr.metadata?.namespace}/${d.name}`),
  );
  controller.watch(
    releases,
    (dep) =>
      releases.store
        .byIndex(DependencyIndex, `${dep.metadata?.namespace}/${dep.metadata?.name}`)
        .map((hr) => objectKey(hr)),
    {
      create: () => false,
      delete: () => false,
      update: (old, o) => readyOf(o) === 'True' && readyOf(old) !== 'True',
    },
  );
}

// a second controller on the same shared informer (tests) reuses the index
function addIndexOnce(
  informer: Informer<HelmReleaseObject>,
  name: string,
  fn: (hr: HelmReleaseObject) => string[],
): void {
  try {
    informer.store.addIndex(name, fn);
  } catch (e: unknown) {
    if (!(e instanceof Error && e.message.includes('already exists'))) throw e;
  }
}
