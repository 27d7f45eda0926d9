import type { Informer } from '../../runtime/cache/index.ts';
import { type Controller, referencesIndex } from '../../runtime/controller/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { type ChartSource, chartSourceKey } from './chart-source.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';

/** The kinds a HelmRelease takes its chart from. */
const ChartSourceKinds = ['HelmChart', 'OCIRepository', 'ExternalArtifact'];

const artifactRevision = (o: KubeObject) => (o as ChartSource).status?.artifact?.revision;
const readiness = (o: KubeObject) => {
  const ready = (o as ChartSource).status?.conditions?.find((c) => c.type === 'Ready');
  return `${ready?.status}/${ready?.message}`;
};

/**
 * Re-queues the HelmReleases of a chart source when its artifact revision changes (a new chart,
 * or the first one: a HelmRelease waiting on `HelmChartNotReady` goes on at once) or its Ready
 * condition does (a HelmRelease waiting on it says why at once, e.g. a missing chart version,
 * where Flux waits for the next interval), found through an index per source kind.
 */
export function watchChartSources(
  controller: Controller,
  env: HelmEnv,
  releases: Informer<HelmReleaseObject>,
): void {
  for (const kind of ChartSourceKinds) {
    let informer: Informer<KubeObject>;
    try {
      informer = env.informerOf(kind);
    } catch {
      continue; // a kind this manager does not serve
    }
    const map = referencesIndex(releases, `helm.chartSource.${kind}`, (hr) => {
      const source = chartSourceKey(hr as HelmReleaseObject);
      return source.kind === kind ? [`${source.namespace}/${source.name}`] : [];
    });
    controller.watch(informer, map, {
      create: (o) => artifactRevision(o) !== undefined,
      update: (old, o) => artifactRevision(old) !== artifactRevision(o) || readiness(old) !== readiness(o),
      delete: () => false,
    });
  }
}

/** Re-queues the HelmReleases that depend on one which just became Ready. */
export function watchDependencies(controller: Controller, releases: Informer<HelmReleaseObject>): void {
  const readyOf = (o: KubeObject) =>
    (o as HelmReleaseObject).status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const map = referencesIndex(releases, 'helm.dependsOn', (hr) =>
    ((hr as HelmReleaseObject).spec?.dependsOn ?? []).map((d) =>
      d.namespace ? `${d.namespace}/${d.name}` : d.name,
    ),
  );
  controller.watch(releases, map, {
    create: () => false,
    delete: () => false,
    update: (old, o) => readyOf(o) === 'True' && readyOf(old) !== 'True',
  });
}

/**
 * Re-queues the HelmReleases whose `valuesFrom` names a ConfigMap or Secret that changed, as
 * Flux does for those labelled `reconcile.fluxcd.io/watch: Enabled` (the only ones the
 * manager's informers hold): new values upgrade the release without waiting for the interval.
 */
export function watchValuesReferences(
  controller: Controller,
  env: HelmEnv,
  releases: Informer<HelmReleaseObject>,
): void {
  for (const kind of ['ConfigMap', 'Secret']) {
    let informer: Informer<KubeObject>;
    try {
      informer = env.informerOf(kind);
    } catch {
      continue; // a manager without watched Secrets or ConfigMaps
    }
    const map = referencesIndex(releases, `helm.valuesFrom.${kind}`, (hr) =>
      ((hr as HelmReleaseObject).spec?.valuesFrom ?? []).filter((v) => v.kind === kind).map((v) => v.name),
    );
    controller.watch(informer, map);
  }
}
