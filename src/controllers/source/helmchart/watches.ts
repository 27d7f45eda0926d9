import type { Controller } from '../../../runtime/controller/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import type { SourceEnv } from '../common/source-env.ts';

type WithArtifact = KubeObject & { status?: { artifact?: { revision?: string } } };
type ChartLike = KubeObject & {
  spec?: { sourceRef?: { kind?: string; name?: string } };
  status?: { observedSourceArtifactRevision?: string };
};

/**
 * Re-queues the HelmCharts of a HelmRepository, GitRepository or Bucket whose artifact revision
 * differs from the one the chart last observed (Flux's `requestsFor...Change`); a source without
 * an artifact queues nothing.
 */
export function watchSources(controller: Controller, env: SourceEnv): void {
  const charts = env.informerOf<ChartLike>('HelmChart');
  for (const kind of ['HelmRepository', 'GitRepository', 'Bucket']) {
    let informer: ReturnType<SourceEnv['informerOf']>;
    try {
      informer = env.informerOf(kind);
    } catch {
      continue; // the manager runs without this kind's informer
    }
    controller.watch(informer, (o: KubeObject) => {
      const source = o as WithArtifact;
      const revision = source.status?.artifact?.revision;
      if (!revision) return [];
      return charts.store
        .list()
        .filter((c) => {
          const ref = c.spec?.sourceRef;
          return (
            c.metadata?.namespace === source.metadata?.namespace &&
            ref?.kind === kind &&
            ref?.name === source.metadata?.name &&
            c.status?.observedSourceArtifactRevision !== revision
          );
        })
        .map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`);
    });
  }
}
