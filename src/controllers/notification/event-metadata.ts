import { EventGroup, type FluxEvent } from '../../runtime/events/index.ts';

/** The API group of an apiVersion (`source.toolkit.fluxcd.io/v1` -> `source.toolkit.fluxcd.io`). */
const groupOf = (apiVersion = '') => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * The metadata an Alert forwards, as Flux's event server keeps it: the keys under the involved
 * object's group and under `event.toolkit.fluxcd.io` with that prefix removed (`revision`,
 * `summary`...), except the artifact `checksum` and `digest`, which no reader of an alert needs.
 */
export function cleanMetadata(event: FluxEvent): Record<string, string> {
  const prefixes = [groupOf(event.involvedObject.apiVersion), EventGroup].filter(Boolean).map((g) => `${g}/`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    const prefix = prefixes.find((p) => key.startsWith(p));
    if (!prefix) continue;
    const short = key.slice(prefix.length);
    if (short === 'checksum' || short === 'digest') continue;
    out[short] = value;
  }
  return out;
}

/**
 * The event as one Alert forwards it: its `eventMetadata` added where the event has no value of
 * its own (the event's facts are not overwritten by configuration), then `summary` set.
 */
export function alertNotification(
  event: FluxEvent,
  alert: { eventMetadata?: Record<string, string>; summary?: string },
): FluxEvent {
  const metadata: Record<string, string> = { ...alert.eventMetadata, ...event.metadata };
  if (alert.summary) metadata.summary = alert.summary;
  return { ...event, metadata };
}
