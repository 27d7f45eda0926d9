import { setTimeout as sleep } from 'node:timers/promises';
import { toError } from '../../../runtime/reconcile/index.ts';

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
 * POSTs (or, with `method`, PUTs) a JSON payload (or a prepared body) and retries network failures and 5xx answers with
 * exponential backoff (1s, 2s, 4s... at most 10s) until `signal` (the Provider's timeout) ends the
 * delivery. A 4xx is final. Errors name only the host: a webhook address may hold a secret.
 */
export async function postPayload(
  url: string,
  payload: unknown,
  options: {
    signal: AbortSignal;
    headers?: Record<string, string>;
    body?: Buffer;
    retries?: number;
    /** `POST` unless the service's API takes another verb (Matrix sends with `PUT`). */
    method?: 'POST' | 'PUT';
  },
): Promise<void> {
  const body = options.body ?? Buffer.from(JSON.stringify(payload));
  const retries = options.retries ?? PostRetries;
  let last = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      try {
        await sleep(Math.min(10_000, 1000 * 2 ** (attempt - 1)), undefined, { signal: options.signal });
      } catch {
        break;
      }
    }
    try {
      const res = await fetch(url, {
        method: options.method ?? 'POST',
        headers: { 'Content-Type': 'application/json', ...options.headers },
        body,
        signal: options.signal,
      });
      await res.arrayBuffer();
      if (res.ok) return;
      last = `${hostOf(url)} answered ${res.status} ${res.statusText}`.trim();
      if (res.status < 500) break;
    } catch (e: unknown) {
      if (options.signal.aborted) {
        last = last ? `${last}; then timed out` : `timed out posting to ${hostOf(url)}`;
        break;
      }
      last = `failed to post to ${hostOf(url)}: ${toError(e).message}`;
    }
  }
  if (options.signal.aborted && !last.includes('timed out')) last += '; then timed out';
  throw new Error(`postMessage failed: ${last}`);
}
