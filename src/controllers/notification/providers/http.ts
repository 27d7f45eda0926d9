import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { type ProxyConfig, proxyAuthorization, tunnelingAgent } from '../../../runtime/oci/index.ts';
import type { TlsMaterial } from '../../../runtime/secrets/index.ts';

/** How a Provider's requests travel: its `certSecretRef` TLS and its proxy (`proxySecretRef` or `spec.proxy`). */
export interface Transport {
  tls?: TlsMaterial;
  proxy?: ProxyConfig;
}

/** A service's answer, read whole (deliveries are small). */
export interface HttpAnswer {
  status: number;
  statusText: string;
  body: Buffer;
}

/** One request as a notifier makes it. */
export interface HttpCall {
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  signal: AbortSignal;
  transport?: Transport;
}

function answer(res: IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () =>
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        body: Buffer.concat(chunks),
      }),
    );
    res.on('error', reject);
  });
}

/**
 * Sends one request with node's HTTP stack rather than `fetch`, because a Provider's TLS (its own CA,
 * a client certificate) and proxy are per Provider: `https://` goes through a `CONNECT` tunnel when
 * a proxy is set, `http://` is sent to the proxy in absolute form, as Go's transport does.
 */
export function sendRequest(url: string, call: HttpCall): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const headers: OutgoingHttpHeaders = { ...call.headers };
  if (call.body) headers['Content-Length'] = call.body.length;
  const tls = call.transport?.tls ?? {};
  const proxy = call.transport?.proxy;
  const options: RequestOptions = {
    method: call.method,
    headers,
    signal: call.signal,
    hostname: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port || (secure ? 443 : 80),
    path: `${target.pathname}${target.search}`,
    auth:
      target.username || target.password
        ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`
        : undefined,
  };
  if (secure) Object.assign(options, tls);
  // a tunnel per request, closed with it: a Provider's deliveries are rare and short
  const agent = proxy && secure ? tunnelingAgent(proxy, tls) : undefined;
  if (agent) options.agent = agent;
  if (proxy && !secure) {
    const via = new URL(proxy.url);
    Object.assign(options, { hostname: via.hostname, port: via.port || 80, path: target.href });
    Object.assign(headers, { Host: target.host, ...proxyAuthorization(proxy) });
  }
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(options, (res) => answer(res).then(resolve, reject));
    req.on('error', reject);
    req.on('close', () => agent?.destroy());
    req.end(call.body);
  });
}
