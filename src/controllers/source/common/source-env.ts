import type { Informer } from '../../../runtime/cache/index.ts';
import type { EventRecorder } from '../../../runtime/events/index.ts';
import type { KubeClient, KubeObject } from '../../../runtime/kube/index.ts';
import type { Logger } from '../../../runtime/logging/index.ts';
import type { ArtifactStorage, RetentionPolicy } from '../storage/index.ts';

/**
 * What the source reconcilers share: the client, the artifact store and its retention, the event
 * recorder (component `source-controller`), the manager's informers and Flux's policy flags.
 */
export interface SourceEnv {
  kube: KubeClient;
  storage: ArtifactStorage;
  retention: RetentionPolicy;
  recorder: EventRecorder;
  logger: Logger;
  /** `--no-cross-namespace-refs`: refuse references to sources in other namespaces. */
  noCrossNamespaceRefs: boolean;
  /** Records `gotk_reconcile_duration_seconds` for an object. */
  recordDuration?(obj: KubeObject, seconds: number): void;
  /** The shared informer of a kind (`GitRepository`, `HelmRepository`...). */
  informerOf<T extends KubeObject = KubeObject>(kind: string): Informer<T>;
}
