import type { Informer } from '../../runtime/cache/index.ts';
import type { EventRecorder } from '../../runtime/events/index.ts';
import type { KubeClient, KubeObject } from '../../runtime/kube/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import type { DeliveryMetrics } from './delivery-metrics.ts';

/** What the notification controller's servers and reconciles share. */
export interface NotificationEnv {
  kube: KubeClient;
  informerOf<T extends KubeObject = KubeObject>(kind: string): Informer<T>;
  logger: Logger;
  /** Kubernetes Events only: the notification controller never posts to itself. */
  recorder: EventRecorder;
  /** `--no-cross-namespace-refs`: an Alert takes events of its own namespace only. */
  noCrossNamespaceRefs: boolean;
  recordDuration?(obj: KubeObject, seconds: number): void;
  /** Per-Provider delivery counts and durations. */
  deliveries?: DeliveryMetrics;
}
