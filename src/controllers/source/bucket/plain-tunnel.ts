import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ProxyConfig, proxyAuthorization } from '../../../runtime/oci/index.ts';

/**
 * An HTTP agent whose connections go through an HTTP proxy with `CONNECT host:port`, for an
 * `insecure` (plain HTTP) endpoint behind `spec.proxySecretRef`. The tunnel keeps the request
 * exactly as signed for the endpoint, which an absolute-form proxy request would not guarantee.
 */
export function plainTunnelAgent(proxy: ProxyConfig): HttpAgent {
  const agent = new HttpAgent({ keepAlive: true });
  const proxyUrl = new URL(proxy.url);
  // node's Agent accepts a connection handed to the callback later, which a tunnel needs
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: { host?: string; port?: number },
    callback: (err: Error | null, socket?: Duplex) => void,
  ) => {
    const target = `${options.host}:${options.port ?? 80}`;
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
        callback(new Error(`proxy ${proxyUrl.host} refused to connect to ${target}: ${res.statusCode}`));
        return;
      }
      callback(null, socket);
    });
    req.once('error', (e) => callback(new Error(`proxy ${proxyUrl.host}: ${e.message}`)));
    req.end();
    return undefined;
  };
  return agent;
}
