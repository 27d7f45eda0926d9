import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';

/** An HTTP proxy to reach a registry through (`spec.proxySecretRef`: address, username, password). */
export interface ProxyConfig {
  /** `http://host:port` of the proxy. */
  url: string;
  username?: string;
  password?: string;
}

/** The `Proxy-Authorization` header for a proxy with credentials, or nothing. */
export function proxyAuthorization(proxy: ProxyConfig): Record<string, string> {
  if (proxy.username === undefined) return {};
  const basic = Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64');
  return { 'Proxy-Authorization': `Basic ${basic}` };
}

// opens `CONNECT host:port` through the proxy and hands the tunnel's socket to `ready`
function connectThrough(
  proxy: ProxyConfig,
  target: string,
  ready: (socket: Duplex) => void,
  fail: (err: Error) => void,
): void {
  const proxyUrl = new URL(proxy.url);
  const req = httpRequest({
    host: proxyUrl.hostname,
    port: proxyUrl.port || 80,
    method: 'CONNECT',
    path: target,
    headers: { Host: target, ...proxyAuthorization(proxy) },
  });
  req.once('connect', (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      fail(new Error(`proxy ${proxyUrl.host} refused to connect to ${target}: ${res.statusCode}`));
      return;
    }
    ready(socket);
  });
  req.once('error', (e) => fail(new Error(`proxy ${proxyUrl.host}: ${e.message}`)));
  req.end();
}

type ConnectionCallback = (err: Error | null, socket?: Duplex) => void;

/**
 * An HTTPS agent whose connections go through an HTTP proxy with `CONNECT host:port`, then TLS
 * to the registry inside the tunnel (server name, CA and client certificate from `tls`), as Go's
 * transport does for an `https://` target behind a proxy.
 */
export function tunnelingAgent(proxy: ProxyConfig, tls: HttpsAgentOptions): HttpsAgent {
  const agent = new HttpsAgent({ ...tls, keepAlive: true });
  // node's Agent accepts a connection handed to the callback later, which a tunnel needs
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: { host?: string; port?: number; servername?: string },
    callback: ConnectionCallback,
  ) => {
    connectThrough(
      proxy,
      `${options.host}:${options.port ?? 443}`,
      (socket) => {
        const host = options.servername ?? options.host ?? '';
        const secure = tlsConnect({ ...tls, socket, ...(isIP(host) ? {} : { servername: host }) });
        secure.once('secureConnect', () => callback(null, secure));
        secure.once('error', (e) => callback(e));
      },
      (e) => callback(e),
    );
    return undefined;
  };
  return agent;
}

/**
 * An HTTP agent whose connections go through an HTTP proxy with `CONNECT host:port`, for a plain
 * HTTP endpoint (`insecure`) behind a proxy. The tunnel keeps a request exactly as signed for the
 * endpoint (S3 signatures), which an absolute-form proxy request would not guarantee.
 */
export function plainTunnelAgent(proxy: ProxyConfig): HttpAgent {
  const agent = new HttpAgent({ keepAlive: true });
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: { host?: string; port?: number },
    callback: ConnectionCallback,
  ) => {
    connectThrough(
      proxy,
      `${options.host}:${options.port ?? 80}`,
      (socket) => callback(null, socket),
      (e) => callback(e),
    );
    return undefined;
  };
  return agent;
}
