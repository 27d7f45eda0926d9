import type { FluxEvent } from '../../../runtime/events/index.ts';
import { basicAuthorization } from './basic-auth.ts';
import { type Notifier, type ProviderConfig, rfc3339Seconds } from './notifier.ts';
import { postPayload } from './post.ts';

/**
 * Go's zero time, sent as `endsAt` as Flux does: Alertmanager reads it as "not set", so the alert
 * resolves after its `resolve_timeout` (an event names no interval to derive an end from).
 */
const ZeroTime = '0001-01-01T00:00:00Z';

/** `reason` title-cased as one word (`ReconciliationSucceeded` -> `Reconciliationsucceeded`). */
const titleWord = (reason: string) =>
  reason
    .toLowerCase()
    .replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_, before: string, c: string) => before + c.toUpperCase());

/**
 * One firing alert for Alertmanager's API (`POST /api/v2/alerts`, https://prometheus.io/docs/alerting/latest/clients/):
 * the metadata (but `summary`) as labels with `alertname` (`Flux<Kind><Reason>`), `severity`,
 * `reason`, `kind`, `name`, `namespace` and `reportingcontroller`; the message and the summary as
 * annotations; the event's time as `startsAt`.
 */
export function alertmanagerPayload(event: FluxEvent) {
  const { summary, ...metadata } = event.metadata ?? {};
  const o = event.involvedObject;
  const labels = {
    ...metadata,
    alertname: `Flux${o.kind ?? ''}${titleWord(event.reason)}`,
    severity: event.severity,
    reason: event.reason,
    kind: o.kind ?? '',
    name: o.name ?? '',
    namespace: o.namespace ?? '',
    reportingcontroller: event.reportingController,
  };
  const annotations: Record<string, string> = { message: event.message };
  if (summary !== undefined) annotations.summary = summary;
  return [
    { status: 'firing', labels, annotations, startsAt: rfc3339Seconds(event.timestamp), endsAt: ZeroTime },
  ];
}

/**
 * `alertmanager`: the alert list POSTed to the address (Alertmanager's `/api/v2/alerts`), with
 * basic auth from the Secret's `username` and `password` when both are set, else its `token` as
 * a bearer token.
 */
export function alertmanagerNotifier(config: ProviderConfig): Notifier {
  const headers: Record<string, string> = { ...config.headers };
  if (config.username && config.password)
    headers.Authorization = basicAuthorization(config.username, config.password);
  else if (config.token) headers.Authorization = `Bearer ${config.token}`;
  return {
    post: (event, signal) =>
      postPayload(config.address, alertmanagerPayload(event), {
        signal,
        headers,
        transport: config.transport,
      }),
  };
}
