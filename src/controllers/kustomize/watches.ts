import type { Informer } from '../../runtime/cache/index.ts';
import { objectKey } from '../../runtime/cache/index.ts';
import type { Controller } from '../../runtime/controller/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { SourceKinds, type SourceObject, sourceKey } from './source.ts';

/** The index of Kustomizations by source: `Kind/namespace/name`. */
export const SourceIndex = 'kustomize.sourceRef';
/** The index of Kustomizations by dependency: `namespace/name`. */
export const DependencyIndex = 'kustomize.dependsOn';

/**
 * Re-queues the Kustomizations of a source when its artifact revision changes (a new artifact
 * to apply), found through an index on `spec.sourceRef`.
 */
export function watchSources(
  controller: Controller,
  env: KustomizeEnv,
  kustomizations: Informer<KustomizationObject>,
): void {
  addIndexOnce(kustomizations, SourceIndex, (k) => {
    const s = sourceKey(k);
    return [`${s.kind}/${s.namespace}/${s.name}`];
  });
  const revisionChanged = {
    create: (o: KubeObject) => !!(o as SourceObject).status?.artifact,
    update: (old: KubeObject, o: KubeObject) =>
      (old as SourceObject).status?.artifact?.revision !== (o as SourceObject).status?.artifact?.revision,
    delete: () => false,
  };
  for (const kind of SourceKinds) {
    let informer: Informer<KubeObject>;
    try {
      informer = env.informerOf(kind);
    } catch {
      continue; // a kind this manager does not serve
    }
    controller.watch(
      informer,
      (src) =>
        kustomizations.store
          .byIndex(SourceIndex, `${kind}/${src.metadata?.namespace}/${src.metadata?.name}`)
          .map((k) => objectKey(k)),
      revisionChanged,
    );
  }
}

/**
 * Re-queues the Kustomizations that depend on one which just became Ready (or applied a new
 * revision), so a `dependsOn` chain proceeds without waiting for `--requeue-dependency`.
 */
export function watchDependencies(
  controller: Controller,
  kustomizations: Informer<KustomizationObject>,
): void {
  addIndexOnce(kustomizations, DependencyIndex, (k) =>
    (k.spec?.dependsOn ?? []).map((d) => `${d.namespace || k.metadata?.namespace}/${d.name}`),
  );
  const readyOf = (o: KubeObject) =>
    (o.status as KustomizationObject['status'])?.conditions?.find((c) => c.type === 'Ready')?.status;
  controller.watch(
    kustomizations,
    (dep) =>
      kustomizations.store
        .byIndex(DependencyIndex, `${dep.metadata?.namespace}/${dep.metadata?.name}`)
        .map((k) => objectKey(k)),
    {
      create: () => false,
      delete: () => false,
      update: (old, o) =>
        readyOf(o) === 'True' &&
        (readyOf(old) !== 'True' ||
          (old.status as KustomizationObject['status'])?.lastAppliedRevision !==
            (o.status as KustomizationObject['status'])?.lastAppliedRevision),
    },
  );
}

// a second controller on the same shared informer (tests) reuses the index
function addIndexOnce(
  informer: Informer<KustomizationObject>,
  name: string,
  fn: (k: KustomizationObject) => string[],
): void {
  try {
    informer.store.addIndex(name, fn);
  } catch (e: unknown) {
    if (!(e instanceof Error && e.message.includes('already exists'))) throw e;
  }
}
