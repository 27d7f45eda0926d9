import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type HttpTlsOptions, type RunningHttpServer, startHttpServer } from './http-server.ts';

/** One request a fake service received, body included. */
export interface ServiceRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

/** What a fake service answers: a status and a JSON (or text) body. */
export interface ServiceAnswer {
  status?: number;
  json?: unknown;
  text?: string;
}

/** A running fake of a third-party HTTP API: every request recorded, answers from `route`. */
export interface RecordingService extends RunningHttpServer {
  got: ServiceRequest[];
  /** The requests whose method and path (query included) are exactly these. */
  at(method: string, path: string): ServiceRequest[];
}

/**
 * Starts a fake of an HTTP API for provider tests: it records each request with its body, and
 * answers what `route` returns for it (200 with no body when `route` returns nothing), so a test
 * can check method, path, headers and payload shape, and script the service's side (existing
 * statuses, a 404, a 500, a slow answer).
 */
export async function startRecordingService(
  route: (req: ServiceRequest) => ServiceAnswer | undefined | Promise<ServiceAnswer | undefined> = () =>
    undefined,
  tls?: HttpTlsOptions,
): Promise<RecordingService> {
  const got: ServiceRequest[] = [];
  const server = await startHttpServer(
    'service',
    (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        const request: ServiceRequest = {
          method: req.method ?? '',
          path: req.url ?? '/',
          headers: req.headers,
          body,
          json,
        };
        got.push(request);
        const answer = (await route(request)) ?? {};
        if (res.destroyed) return;
        const payload = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '');
        res.writeHead(answer.status ?? 200, {
          'Content-Type': answer.json !== undefined ? 'application/json' : 'text/plain',
        });
        res.end(payload);
      });
    },
    tls,
  );
  return { ...server, got, at: (method, path) => got.filter((r) => r.method === method && r.path === path) };
}
