import type { Kustomization, KustomizationSpec } from '../../api/kustomize/v1/index.ts';
import type { Informer } from '../../runtime/cache/index.ts';
import type { EventRecorder } from '../../runtime/events/index.ts';
import type { KubeClient, KubeObject, RestMapper } from '../../runtime/kube/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import type { OwnedObjectCache } from '../../runtime/ssa/index.ts';

/** A Kustomization as the controller handles it (spec, status, metadata). */
export type KustomizationObject = Omit<Kustomization, 'spec'> & KubeObject & { spec: KustomizationSpec };

/** What every reconcile of the kustomize controller shares. */
export interface KustomizeEnv {
  kube: KubeClient;
  /** Discovery of the controller's own cluster, shared by every reconcile. */
  mapper: RestMapper;
  recorder: EventRecorder;
  /** The objects Kustomizations applied to this cluster, for applies and health checks. */
  ownedCache?: OwnedObjectCache;
  logger: Logger;
  informerOf<T extends KubeObject = KubeObject>(kind: string): Informer<T>;
  /** `--requeue-dependency`: how soon to look again at a Kustomization waiting on another. */
  requeueDependencyMs: number;
  /** `--no-cross-namespace-refs`: sources and dependencies must be in the Kustomization's namespace. */
  noCrossNamespaceRefs: boolean;
  /** `--default-service-account`: impersonated when a Kustomization names none. */
  defaultServiceAccount?: string;
  recordDuration?(obj: KubeObject, seconds: number): void;
  /** When each new Kustomization began its quiet wait for a first artifact, by `namespace/name`. */
  graced: Map<string, number>;
  /**
   * The resourceVersion of each Kustomization's last status write, by `namespace/name`: a run
   * whose cached copy is older (the watch lagging, e.g. across an API server restart) reads the
   * inventory it prunes from from the API server instead.
   */
  written: Map<string, string>;
}

/** The API reference of a Kustomization. */
export function kustomizationRef(namespace: string, name?: string) {
  return { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', resource: 'kustomizations', namespace, name };
}
