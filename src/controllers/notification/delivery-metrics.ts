import { Counter, exponentialBuckets, Histogram, type Registry } from '../../runtime/metrics/index.ts';

/** How a delivery ended, as the `result` label says it. */
export type DeliveryResult = 'success' | 'failure';

/** The labels of one Provider's series: its name, namespace and type (never its address). */
export interface ProviderLabels {
  name: string;
  namespace: string;
  type: string;
}

/**
 * The notification controller's per-Provider delivery metrics. Flux 2.9's notification-controller
 * exports no delivery metric (its families are the reconcile-duration, cache and token-cache
 * ones), so these follow its `gotk_` naming and its object labels:
 * `gotk_notification_deliveries_total{name,namespace,type,result}` and
 * `gotk_notification_delivery_duration_seconds{name,namespace,type}` (retries and timeout
 * included). Labels hold names only, so no address or secret can reach them.
 */
export class DeliveryMetrics {
  readonly deliveries: Counter;
  readonly duration: Histogram;

  constructor(registry: Registry) {
    this.deliveries = registry.register(
      new Counter('gotk_notification_deliveries_total', 'Notifications delivered to a Provider, by result.', [
        'name',
        'namespace',
        'type',
        'result',
      ]),
    );
    this.duration = registry.register(
      new Histogram(
        'gotk_notification_delivery_duration_seconds',
        'The duration in seconds of a notification delivery to a Provider, retries included.',
        ['name', 'namespace', 'type'],
        exponentialBuckets(0.01, 4, 8),
      ),
    );
  }

  /** Counts one delivery and observes how long it took. */
  record(provider: ProviderLabels, result: DeliveryResult, seconds: number): void {
    this.deliveries.inc({ ...provider, result });
    this.duration.observe({ ...provider }, seconds);
  }
}
