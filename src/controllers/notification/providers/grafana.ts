import type { FluxEvent } from '../../../runtime/events/index.ts';
import { basicAuthorization } from './basic-auth.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { postPayload } from './post.ts';

/** A tag part with `:` replaced by `|`, Grafana reading `:` as its own separator in tag filters. */
const tagPart = (s: string) => s.replaceAll(':', '|');

/**
 * A Graphite-format annotation (`POST /api/annotations/graphite`,
 * https://grafana.com/docs/grafana/latest/developers/http_api/annotations/): the event's time in
 * Unix seconds, the object as the text, tags `flux`, the sender, each `key: value` of the metadata,
 * then the object's kind, name and namespace.
 */
export function grafanaPayload(event: FluxEvent) {
  const o = event.involvedObject;
  return {
    when: Math.floor(Date.parse(event.timestamp) / 1000) || 0,
    text: objectTitle(event),
    tags: [
      'flux',
      event.reportingController,
      ...sortedMetadata(event).map(([k, v]) => `${tagPart(k)}: ${tagPart(v)}`),
      `kind: ${o.kind ?? ''}`,
      `name: ${o.name ?? ''}`,
      `namespace: ${o.namespace ?? ''}`,
    ],
  };
}

/**
 * `grafana`: the annotation POSTed to the address, with the Secret's `token` (a service-account
 * token) as a bearer token, or else basic auth from its `username` and `password`.
 */
export function grafanaNotifier(config: ProviderConfig): Notifier {
  const headers: Record<string, string> = { ...config.headers };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  else if (config.username && config.password)
    headers.Authorization = basicAuthorization(config.username, config.password);
  return {
    post: (event, signal) =>
      postPayload(config.address, grafanaPayload(event), { signal, headers, transport: config.transport }),
  };
}
