import type { FluxEvent } from '../../../runtime/events/index.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';

/**
 * An Opsgenie alert (https://docs.opsgenie.com/docs/alert-api#create-alert): `Kind/name` as the
 * message, the event's message as the description, its metadata plus `severity` as details.
 */
export function opsgeniePayload(event: FluxEvent) {
  const o = event.involvedObject;
  return {
    message: `${o.kind ?? ''}/${o.name ?? ''}`,
    description: event.message,
    details: { ...event.metadata, severity: event.severity },
  };
}

/**
 * `opsgenie`: the alert POSTed to the address (`https://api.opsgenie.com/v2/alerts`, or the EU
 * one), authorized with the Secret's `token` as `GenieKey <token>`.
 */
export function opsgenieNotifier(config: ProviderConfig): Notifier {
  if (!config.token) throw new Error("opsgenie requires a 'token' (the API key) in the provider's secret");
  const headers = { ...config.headers, Authorization: `GenieKey ${config.token}` };
  return {
    post: (event, signal) =>
      postPayload(config.address, opsgeniePayload(event), { signal, headers, transport: config.transport }),
  };
}
