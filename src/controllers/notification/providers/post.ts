import { setTimeout as sleep } from 'node:timers/promises';
import { toError } from '../../../runtime/reconcile/index.ts';
import { sendRequest, type Transport } from './http.ts';

/** Retries after the first attempt (Flux's notifiers retry four times). */
export const PostRetries = 4;

/** Where a URL points, without its path or credentials: webhook URLs carry secrets in both. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid address';
  }
}

/**
 * Whether a request failed on the server's certificate: trying again cannot help (Go's retrying
 * client gives up on these too), so the delivery fails at once rather than at its timeout.
 */
function untrusted(e: unknown): boolean {
  const code = String((e as { code?: unknown }).code ?? '');
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/.test(code);
}

/** A delivery the service refused or that never arrived; `status` is the last HTTP answer, if any. */
export class PostError extends Error {
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** Whether a call failed because the service answered 404 (a forge's "no such status yet"). */
export const answeredNotFound = (e: unknown) => e instanceof PostError && e.status === 404;

/**
 * POSTs (or, with `method`, sends with another verb) a JSON payload (or a prepared body) and
 * retries network failures and 5xx answers with exponential backoff (1s, 2s, 4s... at most 10s)
 * until `signal` (the Provider's timeout) ends the delivery. A 4xx is final. Resolves to the
 * answer's body, for the APIs whose answer says more than the status (Slack's `ok`, forge lists).
 * Errors name only the host: a webhook address may hold a secret.
 */
export async function postPayload(
  url: string,
  payload: unknown,
  options: {
    signal: AbortSignal;
    headers?: Record<string, string>;
    body?: Buffer;
    retries?: number;
    /** `POST` unless the service's API takes another verb (Matrix sends with `PUT`, forges list with `GET`). */
    method?: 'POST' | 'PUT' | 'PATCH' | 'GET';
    /** The Provider's TLS and proxy. */
    transport?: Transport;
  },
): Promise<Buffer> {
  const method = options.method ?? 'POST';
  const body = method === 'GET' ? undefined : (options.body ?? Buffer.from(JSON.stringify(payload)));
  const retries = options.retries ?? PostRetries;
  let last = '';
  let lastStatus: number | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      try {
        await sleep(Math.min(10_000, 1000 * 2 ** (attempt - 1)), undefined, { signal: options.signal });
      } catch {
        break;
      }
    }
    try {
      const res = await sendRequest(url, {
        method,
        headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
        body,
        signal: options.signal,
        transport: options.transport,
      });
      if (res.status >= 200 && res.status < 300) return res.body;
      lastStatus = res.status;
      last = `${hostOf(url)} answered ${res.status} ${res.statusText}`.trim();
      if (res.status < 500) break;
    } catch (e: unknown) {
      if (options.signal.aborted) {
        last = last ? `${last}; then timed out` : `timed out posting to ${hostOf(url)}`;
        break;
      }
      last = `failed to post to ${hostOf(url)}: ${toError(e).message}`;
      if (untrusted(e)) break;
    }
  }
  if (options.signal.aborted && !last.includes('timed out')) last += '; then timed out';
  throw new PostError(`postMessage failed: ${last}`, lastStatus);
}

/**
 * A JSON API call through {@link postPayload} (same retries, TLS and proxy), its answer parsed:
 * what the forge notifiers use to list statuses and comments before writing.
 */
export async function callJson<T = unknown>(
  url: string,
  payload: unknown,
  options: Parameters<typeof postPayload>[2],
): Promise<T> {
  const body = await postPayload(url, payload, options);
  const text = body.toString('utf8').trim();
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    throw new Error(`${hostOf(url)} answered with invalid JSON`);
  }
}
