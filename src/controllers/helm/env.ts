import type { HelmRelease, HelmReleaseSpec } from '../../api/helm/v2/index.ts';
import type { ControllerDeps } from '../../runtime/controller/index.ts';
import type { EventRecorder } from '../../runtime/events/index.ts';
import type { KubeObject, RestMapper } from '../../runtime/kube/index.ts';
import type { OwnedObjectCache } from '../../runtime/ssa/index.ts';

/** A HelmRelease as the controller handles it (spec, status, metadata). */
export type HelmReleaseObject = Omit<HelmRelease, 'spec'> & KubeObject & { spec: HelmReleaseSpec };

/** The field manager of every object the helm controller applies, as Flux 2.8+ writes new releases. */
export const FieldManager = 'helm-controller';

// the owner labels live in runtime/ssa, shared with `tsflux diff helmrelease`
export { HelmOwnerLabels } from '../../runtime/ssa/index.ts';

/** What every reconcile of the helm controller shares: the manager's pieces and its own. */
export interface HelmEnv extends Pick<ControllerDeps, 'kube' | 'informerOf' | 'logger'> {
  /** Discovery of the controller's own cluster, shared by every reconcile. */
  mapper: RestMapper;
  recorder: EventRecorder;
  /** The objects releases applied to this cluster, for applies and waits. */
  ownedCache?: OwnedObjectCache;
  /** `--requeue-dependency`: how soon to look again at a HelmRelease waiting on another. */
  requeueDependencyMs: number;
  /** `--no-cross-namespace-refs`: sources and dependencies must be in the HelmRelease's namespace. */
  noCrossNamespaceRefs: boolean;
  /** `--default-service-account`: impersonated when a HelmRelease names none. */
  defaultServiceAccount?: string;
  recordDuration?(obj: KubeObject, seconds: number): void;
}

/** The API reference of a HelmRelease (or of the HelmReleases of a namespace). */
export function helmReleaseRef(namespace: string, name?: string) {
  return { group: 'helm.toolkit.fluxcd.io', version: 'v2', resource: 'helmreleases', namespace, name };
}
