import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { bodyReadError } from '../../../engines/errors/index.ts';

/** Credentials and TLS of a Helm HTTP repository (what Flux builds from the Secrets). */
export interface HelmHttpOptions {
  basicAuth?: { username: string; password: string };
  /** Send the credentials to hosts other than the repository's (`spec.passCredentials`). */
  passCredentials?: boolean;
  /** The repository URL whose host receives the credentials. */
  repositoryUrl?: string;
  ca?: string;
  cert?: string;
  key?: string;
  /** Skip server certificate verification (no HelmRepository field asks for it; kept for callers). */
  insecureSkipVerify?: boolean;
  timeoutMs: number;
  /** Refuse a body larger than this many bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
  userAgent?: string;
}

/** An HTTP answer other than 200, worded as Helm's getter words it (`failed to fetch <url> : 404 Not Found`). */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  readonly status: number;
  constructor(url: string, status: number, statusText: string) {
    super(`failed to fetch ${url} : ${status} ${statusText}`);
    this.status = status;
  }
}

/** A body beyond the size limit. */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
}

const MAX_REDIRECTS = 10;

function sameHost(a: string, b: string | undefined): boolean {
  if (!b) return true;
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

/**
 * GETs a URL as Helm's HTTP getter does: redirects followed (at most 10), basic auth sent only to
 * the repository's host unless `passCredentials`, custom CA and client certificate, a timeout,
 * and a body size limit checked while streaming (the transfer stops at the limit).
 */
export async function httpGet(url: string, options: HelmHttpOptions): Promise<Buffer> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await send(current, options);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, current).href;
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new HttpStatusError(current, status, res.statusMessage ?? '');
    }
    return readBody(res, options.maxBytes);
  }
  throw new Error(`failed to fetch ${url} : stopped after ${MAX_REDIRECTS} redirects`);
}

function send(url: string, options: HelmHttpOptions): Promise<IncomingMessage> {
  const u = new URL(url);
  const headers: Record<string, string> = { 'User-Agent': options.userAgent ?? 'tsflux/source-controller' };
  if (options.basicAuth && (options.passCredentials || sameHost(url, options.repositoryUrl))) {
    const { username, password } = options.basicAuth;
    headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  const isHttps = u.protocol === 'https:';
  if (!isHttps && u.protocol !== 'http:')
    return Promise.reject(new Error(`unsupported protocol scheme "${u.protocol.replace(':', '')}"`));
  const signals = [AbortSignal.timeout(options.timeoutMs)];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  return new Promise((resolve, reject) => {
    const req = (isHttps ? httpsRequest : httpRequest)(
      u,
      {
        method: 'GET',
        headers,
        signal,
        ...(isHttps
          ? {
              ca: options.ca,
              cert: options.cert,
              key: options.key,
              rejectUnauthorized: !options.insecureSkipVerify,
            }
          : {}),
      },
      resolve,
    );
    req.on('error', (e) => {
      if (signal.aborted) reject(new Error(`Get "${url}": context deadline exceeded`));
      else reject(new Error(`Get "${url}": ${e.message}`));
    });
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (maxBytes !== undefined && size > maxBytes) {
        res.destroy();
        reject(new TooLargeError(`the response exceeds the maximum size of ${maxBytes} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', (e) => reject(new Error(bodyReadError(e))));
  });
}
