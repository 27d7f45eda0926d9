import { randomBytes } from 'node:crypto';
import type { FluxEvent } from '../../../runtime/events/index.ts';
import { type Notifier, type ProviderConfig, rfc3339Seconds } from './notifier.ts';
import { postPayload } from './post.ts';

/** How this client names itself to Sentry in `X-Sentry-Auth`. */
const SentryClient = 'tsflux-notification/1';

/** Where a DSN (`https://<key>@<host>[/<path>]/<project>`) sends envelopes, and with which key. */
export function sentryTarget(dsn: string): { url: string; key: string } {
  const u = new URL(dsn);
  const parts = u.pathname.split('/').filter(Boolean);
  const project = parts.pop();
  if (!u.username || !project)
    throw new Error('invalid sentry dsn: expected <scheme>://<key>@<host>/<project>');
  const prefix = parts.length ? `/${parts.join('/')}` : '';
  return {
    url: `${u.protocol}//${u.host}${prefix}/api/${project}/envelope/`,
    key: decodeURIComponent(u.username),
  };
}

/** `Kind: namespace/name`, the transaction name Flux gives an event. */
const summaryOf = (event: FluxEvent) =>
  `${event.involvedObject.kind ?? ''}: ${event.involvedObject.namespace ?? ''}/${event.involvedObject.name ?? ''}`;

/** A random lower-case hex identifier of `bytes` bytes (event, trace and span IDs). */
const hexId = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * The Sentry event for a Flux event (https://develop.sentry.dev/sdk/data-model/event-payloads/):
 * an error is an error-level event with the sender as `server_name` and the metadata as `extra`;
 * anything else is a transaction (shown on Sentry's performance pages, raising no alert) whose
 * tags name the object, the sender and the reason, then the metadata.
 */
export function sentryEvent(event: FluxEvent, environment: string | undefined) {
  const o = event.involvedObject;
  const common = {
    event_id: hexId(16),
    timestamp: rfc3339Seconds(event.timestamp),
    transaction: summaryOf(event),
    message: event.message,
    ...(environment ? { environment } : {}),
  };
  if (event.severity === 'error')
    return {
      ...common,
      level: 'error',
      server_name: event.reportingController,
      extra: { ...event.metadata },
    };
  return {
    ...common,
    type: 'transaction',
    start_timestamp: common.timestamp,
    contexts: { trace: { trace_id: hexId(16), span_id: hexId(8), op: 'event' } },
    tags: {
      flux_involved_object_kind: o.kind ?? '',
      flux_involved_object_namespace: o.namespace ?? '',
      flux_involved_object_name: o.name ?? '',
      flux_reporting_controller: event.reportingController,
      flux_reporting_instance: event.reportingInstance ?? '',
      flux_reason: event.reason,
      ...event.metadata,
    },
    spans: [],
  };
}

/** One event in Sentry's envelope format (https://develop.sentry.dev/sdk/data-model/envelopes/). */
export function sentryEnvelope(item: { event_id: string; type?: string }, dsn: string): Buffer {
  const payload = Buffer.from(JSON.stringify(item));
  const header = { event_id: item.event_id, sent_at: new Date().toISOString(), dsn };
  const itemHeader = { type: item.type ?? 'event', length: payload.length };
  return Buffer.concat([
    Buffer.from(`${JSON.stringify(header)}\n${JSON.stringify(itemHeader)}\n`),
    payload,
    Buffer.from('\n'),
  ]);
}

/**
 * `sentry`: the address is the project's DSN; each event is POSTed as an envelope to the
 * project's envelope endpoint, authenticated by the DSN's public key in `X-Sentry-Auth`, with
 * `channel` as the environment. Unlike Flux (whose SDK sends in the background), a refused
 * delivery is reported like any other provider's.
 */
export function sentryNotifier(config: ProviderConfig): Notifier {
  const { url, key } = sentryTarget(config.address);
  const headers = {
    ...config.headers,
    'Content-Type': 'application/x-sentry-envelope',
    'X-Sentry-Auth': `Sentry sentry_version=7, sentry_client=${SentryClient}, sentry_key=${key}`,
  };
  return {
    post: (event, signal) =>
      postPayload(url, undefined, {
        signal,
        transport: config.transport,
        headers,
        body: sentryEnvelope(sentryEvent(event, config.channel), config.address),
      }),
  };
}
