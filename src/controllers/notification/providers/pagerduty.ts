import { ConditionReason } from '../../../api/meta/index.ts';
import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, type ProviderConfig, rfc3339Seconds } from './notifier.ts';
import { postPayload } from './post.ts';
import { nameAndDescription } from './reason-words.ts';

/** The metadata key with which a controller marks an event meant for commit statuses only. */
export const CommitStatusKey = 'commit_status';
/** The value of {@link CommitStatusKey} on such an event. */
export const CommitStatusUpdate = 'update';

/** What PagerDuty is told about an event: the summary line, its source and the details. */
function common(event: FluxEvent) {
  const { name, description } = nameAndDescription(event);
  return {
    summary: `${description}: ${name}`,
    source: `Flux ${event.reportingController}`,
    timestamp: rfc3339Seconds(event.timestamp),
    custom_details: { message: event.message, metadata: event.metadata ?? {} },
  };
}

/**
 * An Events API v2 alert event (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/)
 * keyed by the object's UID: an error triggers an incident, anything else resolves the open one.
 */
export function pagerdutyAlertEvent(event: FluxEvent, routingKey: string) {
  const dedup = { routing_key: routingKey, dedup_key: event.involvedObject.uid ?? '' };
  if (event.severity !== 'error') return { ...dedup, event_action: 'resolve' };
  const { summary, source, timestamp, custom_details } = common(event);
  return {
    ...dedup,
    event_action: 'trigger',
    payload: {
      summary,
      source,
      severity: 'error',
      timestamp,
      component: event.involvedObject.name ?? '',
      group: event.involvedObject.kind ?? '',
      custom_details,
    },
  };
}

/** A change event (https://developer.pagerduty.com/docs/events-api-v2/send-change-events/) for an info event. */
export function pagerdutyChangeEvent(event: FluxEvent, routingKey: string) {
  return { routing_key: routingKey, payload: common(event), links: [] };
}

/**
 * `pagerduty`: the Events API at the address's scheme and host, routed by the integration key in
 * `channel`. Each event resolves or triggers the object's incident on `/v2/enqueue`; an info event
 * is then also recorded as a change on `/v2/change/enqueue`. Progressing and commit-status-only
 * events are not sent: PagerDuty wants outcomes.
 */
export function pagerdutyNotifier(config: ProviderConfig): Notifier {
  if (!config.channel) throw new Error("pagerduty requires a 'channel' (the integration's routing key)");
  const routingKey = config.channel;
  const base = new URL(config.address).origin;
  return {
    post: async (event, signal) => {
      if (
        event.reason === ConditionReason.Progressing ||
        event.metadata?.[CommitStatusKey] === CommitStatusUpdate
      )
        return;
      const options = { signal, headers: config.headers, transport: config.transport };
      await postPayload(`${base}/v2/enqueue`, pagerdutyAlertEvent(event, routingKey), options);
      if (event.severity === 'info')
        await postPayload(`${base}/v2/change/enqueue`, pagerdutyChangeEvent(event, routingKey), options);
    },
  };
}
