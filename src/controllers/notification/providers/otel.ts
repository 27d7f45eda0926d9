import { createHash, randomBytes } from 'node:crypto';
import type { FluxEvent } from '../../../runtime/events/index.ts';
import { basicAuthorization } from './basic-auth.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { postPayload } from './post.ts';

/** OTLP's span kind `INTERNAL` and status codes `OK` and `ERROR`. */
const SpanKindInternal = 1;
const StatusOk = 1;
const StatusError = 2;

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** Nanoseconds since the epoch, as OTLP/JSON writes them (a decimal string). */
const unixNano = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();

/**
 * The revision a trace is keyed by: `<app-version>@<oci-digest>` for an OCI artifact, else the
 * `revision` metadata, else `unknown`.
 */
export function traceRevision(event: FluxEvent): string {
  const md = event.metadata ?? {};
  if (md['oci-digest'] !== undefined && md['app-version'] !== undefined)
    return `${md['app-version']}@${md['oci-digest']}`;
  return md.revision ?? 'unknown';
}

/**
 * The trace ID of an event, as Flux derives it: the first 16 bytes of SHA-256 over
 * `<alert uid>:<revision>`, so every object's events about one revision, through one Alert, share
 * a trace.
 */
export function traceId(alertUid: string, event: FluxEvent): string {
  return createHash('sha256')
    .update(`${alertUid}:${traceRevision(event)}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * One event as an OTLP/JSON trace export with one span: the service is the Alert
 * (`<namespace>/<name>`, its namespace and UID), the span is `Kind: namespace/name`, from the
 * event's time to now, with the object's identity and the metadata as attributes, OK or ERROR
 * by severity (an error carries the message).
 */
export function otelTrace(
  event: FluxEvent,
  alert: { name: string; namespace: string; uid: string },
  now = Date.now(),
) {
  const o = event.involvedObject;
  const start = Date.parse(event.timestamp);
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            str('service.name', `${alert.namespace}/${alert.name}`),
            str('service.namespace', alert.namespace),
            str('service.instance.id', alert.uid),
          ],
        },
        schemaUrl: 'https://opentelemetry.io/schemas/1.34.0',
        scopeSpans: [
          {
            scope: { name: 'flux:notification-controller' },
            spans: [
              {
                traceId: traceId(alert.uid, event),
                spanId: randomBytes(8).toString('hex'),
                name: `${o.kind ?? ''}: ${o.namespace ?? ''}/${o.name ?? ''}`,
                kind: SpanKindInternal,
                startTimeUnixNano: unixNano(Number.isNaN(start) ? now : start),
                endTimeUnixNano: unixNano(now),
                attributes: [
                  str('object.uid', o.uid ?? ''),
                  str('object.kind', o.kind ?? ''),
                  str('object.name', o.name ?? ''),
                  str('object.namespace', o.namespace ?? ''),
                  ...Object.entries(event.metadata ?? {}).map(([k, v]) => str(k, v)),
                ],
                status:
                  event.severity === 'error'
                    ? { code: StatusError, message: event.message }
                    : { code: StatusOk },
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The traces endpoint: the address as given, or its `/v1/traces` when it has no path. */
export function otelEndpoint(address: string): string {
  const url = new URL(address);
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/v1/traces';
  return url.href;
}

/**
 * `otel`: each event as a span exported over OTLP/HTTP to `address` (a collector's traces
 * endpoint), in OTLP's JSON encoding. The Secret's `headers` go with it; without an
 * `Authorization` header, the `password` is sent as a bearer token, or with a `username` as
 * basic auth. HelmRepository events and commit-status-only events are not sent.
 */
export function otelNotifier(config: ProviderConfig): Notifier {
  const url = otelEndpoint(config.address);
  const headers: Record<string, string> = { ...config.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') && config.password)
    headers.Authorization = config.username
      ? basicAuthorization(config.username, config.password)
      : `Bearer ${config.password}`;
  return {
    post: async (event, signal) => {
      if (event.metadata?.commit_status === 'update') return;
      if (event.involvedObject.kind === 'HelmRepository') return;
      if (!config.alert) throw new Error('alert metadata not found');
      await postPayload(url, otelTrace(event, config.alert), {
        signal,
        headers,
        transport: config.transport,
      });
    },
  };
}
