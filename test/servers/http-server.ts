import { timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from './process.ts';
import { createTestTls, type TestTls } from './tls.ts';

/** Credentials a test HTTP server demands; either kind is accepted when both are set. */
export interface HttpAuth {
  basicAuth?: { username: string; password: string };
  /** Accepted as `Authorization: Bearer <token>`. */
  bearerToken?: string;
}

/** TLS of a test HTTP server: certificates are generated, a client certificate is optional. */
export interface HttpTlsOptions {
  /** Refuse clients that do not present a certificate signed by the server's CA (mutual TLS). */
  requireClientCertificate?: boolean;
}

/** One request as the server saw it, for tests that check what a client sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  userAgent?: string;
}

/** A running node:http(s) server on loopback. */
export interface RunningHttpServer {
  port: number;
  /** `http(s)://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  /** Present when the server speaks TLS. */
  tls?: TestTls;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Tells whether a request carries credentials that `auth` accepts (always true without `auth`). */
export function authorized(req: IncomingMessage, auth: HttpAuth): boolean {
  if (!auth.basicAuth && !auth.bearerToken) return true;
  const header = req.headers.authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1);
  if (scheme === 'bearer' && auth.bearerToken) return same(value, auth.bearerToken);
  if (scheme === 'basic' && auth.basicAuth) {
    const { username, password } = auth.basicAuth;
    return same(Buffer.from(value, 'base64').toString(), `${username}:${password}`);
  }
  return false;
}

/** Answers 401 with the challenge a client needs to retry with credentials. */
export function challenge(res: ServerResponse, auth: HttpAuth, realm: string): void {
  const scheme = auth.basicAuth ? 'Basic' : 'Bearer';
  res.writeHead(401, { 'WWW-Authenticate': `${scheme} realm="${realm}"`, 'Content-Type': 'text/plain' });
  res.end('unauthorized\n');
}

/**
 * Starts a node:http server (node:https with `tls`) on a free loopback port. `stop()` closes the
 * listener and every open connection, so a test never hangs on a keep-alive socket.
 */
export async function startHttpServer(
  name: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  tls?: HttpTlsOptions,
): Promise<RunningHttpServer> {
  const requests: RecordedRequest[] = [];
  const recordingHandler = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
    });
    handler(req, res);
  };
  const certs = tls ? createTestTls(name) : undefined;
  const server = certs
    ? createHttpsServer(
        {
          key: certs.server.key,
          cert: certs.server.cert,
          ca: certs.ca,
          requestCert: tls?.requireClientCertificate ?? false,
          rejectUnauthorized: tls?.requireClientCertificate ?? false,
        },
        recordingHandler,
      )
    : createHttpServer(recordingHandler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${certs ? 'https' : 'http'}://${LOOPBACK}:${port}`,
    tls: certs,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
