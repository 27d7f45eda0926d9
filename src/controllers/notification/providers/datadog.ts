import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/**
 * A Datadog event (`POST /api/v1/events`, https://docs.datadoghq.com/api/latest/events/#post-an-event)
 * titled as Datadog's Kubernetes integration titles its own, from the `fluxcd` source, with the
 * sender, reason and object as tags (`kube_kind`...) then the metadata, all lower-cased as
 * Datadog stores tags.
 */
export function datadogPayload(event: FluxEvent) {
  const o = event.involvedObject;
  const tags = [
    `flux_reporting_controller:${event.reportingController}`,
    `flux_reason:${event.reason}`,
    `kube_kind:${o.kind ?? ''}`,
    `kube_name:${o.name ?? ''}`,
    `kube_namespace:${o.namespace ?? ''}`,
    ...sortedMetadata(event).map(([k, v]) => `${k}:${v}`),
  ].map((t) => t.toLowerCase());
  return {
    title: `Events from the ${o.kind ?? ''} ${o.name ?? ''}/${o.namespace ?? ''}`,
    text: event.message,
    tags,
    source_type_name: 'fluxcd',
    date_happened: Math.floor(Date.parse(event.timestamp) / 1000) || 0,
    alert_type: event.severity === 'error' ? 'error' : 'info',
  };
}

/**
 * `datadog`: the event POSTed to `/api/v1/events` on the address's site (`https://api.datadoghq.com`,
 * `.eu`...), authorized with the Secret's `token` (an API key) in `DD-API-KEY`.
 */
export function datadogNotifier(config: ProviderConfig): Notifier {
  if (!config.token) throw new Error("datadog requires a 'token' (an API key) in the provider's secret");
  const url = `${new URL(config.address).origin}/api/v1/events`;
  const headers = { ...config.headers, Accept: 'application/json', 'DD-API-KEY': config.token };
  return {
    post: (event, signal) =>
      postPayload(url, datadogPayload(event), { signal, headers, transport: config.transport }),
  };
}
