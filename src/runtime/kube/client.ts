import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeObject } from '../../api/meta/index.ts';
import { KubeApiError } from './errors.ts';
import { type ClusterAccess, loadKubeconfig } from './kubeconfig.ts';
import { type ResourceRef, resourcePath } from './paths.ts';
import { DefaultBurst, DefaultQPS, TokenBucket } from './rate-limiter.ts';
import { RequestStats } from './request-stats.ts';
import { BearerToken } from './token.ts';

/** One HTTP request to the API server. */
export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A watch event as the API server streams it. */
export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** A list response. */
export interface KubeList<T = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

const JSON_TYPE = 'application/json';

/** The `dryRun` query value that asks the API server to validate and admit without persisting. */
export const DryRunAll = 'All';

/** How a {@link KubeClient} behaves towards the API server. */
export interface KubeClientOptions {
  userAgent?: string;
  /** Client-side rate limit (token bucket); defaults 50 QPS, burst 300; qps <= 0 disables it. */
  qps?: number;
  burst?: number;
  /** Share one bucket between clients, as client-go does with one rest.Config. */
  rateLimiter?: TokenBucket;
  /**
   * Act as another user (`Impersonate-User`, and `Impersonate-Group` per group), as client-go's
   * ImpersonationConfig does: Flux applies as `system:serviceaccount:<ns>:<sa>` this way.
   */
  impersonate?: { user: string; groups?: string[] };
}

/**
 * A small Kubernetes API client over node's https with keep-alive: JSON requests, typed errors
 * ({@link KubeApiError}) and streaming watches. Credentials come from a resolved kubeconfig context
 * and never appear in error messages.
 */
export class KubeClient {
  readonly access: ClusterAccess;
  private readonly agent: Agent | HttpAgent;
  private readonly baseUrl: URL;
  private readonly userAgent: string;
  private readonly token: BearerToken;
  private readonly impersonate?: { user: string; groups?: string[] };
  /** The client-side rate limiter every request waits on. */
  readonly rateLimiter: TokenBucket;
  /** Requests sent, by verb and resource: benchmarks read these. */
  readonly stats = new RequestStats();

  constructor(access: ClusterAccess, options: KubeClientOptions = {}) {
    this.access = access;
    this.baseUrl = new URL(access.server);
    this.userAgent = options.userAgent ?? 'tsflux';
    this.token = new BearerToken(access);
    this.impersonate = options.impersonate;
    this.rateLimiter =
      options.rateLimiter ?? new TokenBucket(options.qps ?? DefaultQPS, options.burst ?? DefaultBurst);
    this.agent =
      this.baseUrl.protocol === 'https:'
        ? new Agent({
            keepAlive: true,
            maxSockets: 64,
            ca: access.ca,
            cert: access.cert,
            key: access.key,
            rejectUnauthorized: !access.insecureSkipTlsVerify,
          })
        : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  }

  /** A client for a kubeconfig file (default: `$KUBECONFIG` or ~/.kube/config) and context. */
  static fromKubeconfig(path?: string, context?: string): KubeClient {
    return new KubeClient(loadKubeconfig(path, context));
  }

  /**
   * Connections of the pool: `active` carry a request or a watch now, `idle` wait for reuse.
   * A leak shows as `active` growing while nothing is in flight.
   */
  connections(): { active: number; idle: number } {
    const count = (m: NodeJS.ReadOnlyDict<unknown[]>) =>
      Object.values(m).reduce((n, l) => n + (l?.length ?? 0), 0);
    return { active: count(this.agent.sockets), idle: count(this.agent.freeSockets) };
  }

  /** Frees the connection pool; in-flight watches end. */
  close(): void {
    this.agent.destroy();
  }

  private async open(req: KubeRequest, watch = false): Promise<IncomingMessage> {
    await this.rateLimiter.take(req.signal);
    this.stats.record(req.method ?? 'GET', req.path, watch);
    const url = new URL(req.path, this.baseUrl);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: JSON_TYPE, 'User-Agent': this.userAgent };
    const a = this.access;
    const token = this.token.value();
    if (token) headers.Authorization = `Bearer ${token}`;
    else if (a.username)
      headers.Authorization = `Basic ${Buffer.from(`${a.username}:${a.password ?? ''}`).toString('base64')}`;
    const groups = this.impersonate?.groups ?? [];
    if (this.impersonate) headers['Impersonate-User'] = this.impersonate.user;
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['Content-Type'] = req.contentType ?? JSON_TYPE;
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const opts: RequestOptions = {
      method: req.method ?? 'GET',
      // a header repeated once per group, as the API server expects
      headers: groups.length ? { ...headers, 'Impersonate-Group': groups } : headers,
      agent: this.agent,
      signal: req.signal,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const r = send(url, opts, resolve);
      r.on('error', (e) => reject(new Error(`${opts.method} ${url.pathname}: ${e.message}`)));
      if (req.timeoutMs)
        r.setTimeout(req.timeoutMs, () => r.destroy(new Error(`timed out after ${req.timeoutMs} ms`)));
      if (payload !== undefined) r.write(payload);
      r.end();
    });
  }

  /** Sends a request and returns the decoded JSON body; a non-2xx answer throws {@link KubeApiError}. */
  async request<T = unknown>(req: KubeRequest): Promise<T> {
    let res = await this.open(req);
    let text = await readBody(res);
    let status = res.statusCode ?? 0;
    // like client-go, honour the server's Retry-After on 429 and 503 (e.g. a CRD whose storage is
    // re-initialising after an update) a few times before giving up
    for (
      let attempt = 1;
      (status === 429 || status === 503) && res.headers['retry-after'] && attempt <= 5;
      attempt++
    ) {
      const seconds = Math.min(Number(res.headers['retry-after']) || 1, 10);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      res = await this.open(req);
      text = await readBody(res);
      status = res.statusCode ?? 0;
    }
    if (status < 200 || status >= 300) throw toApiError(status, text, req);
    if (!text) return undefined as T;
    const type = res.headers['content-type'] ?? '';
    return (type.includes('json') ? JSON.parse(text) : text) as T;
  }

  get<T = KubeObject>(ref: ResourceRef): Promise<T> {
    return this.request<T>({ path: resourcePath(ref) });
  }

  list<T = KubeObject>(ref: ResourceRef, query?: KubeRequest['query']): Promise<KubeList<T>> {
    return this.request<KubeList<T>>({ path: resourcePath(ref), query });
  }

  create<T = KubeObject>(ref: ResourceRef, body: unknown, query?: KubeRequest['query']): Promise<T> {
    return this.request<T>({ method: 'POST', path: resourcePath(ref), body, query });
  }

  update<T = KubeObject>(ref: ResourceRef, body: unknown, query?: KubeRequest['query']): Promise<T> {
    return this.request<T>({ method: 'PUT', path: resourcePath(ref), body, query });
  }

  /** Deletes an object; `propagationPolicy` is Background, Foreground or Orphan. */
  delete<T = KubeObject>(
    ref: ResourceRef,
    options: { propagationPolicy?: string; dryRun?: boolean } = {},
  ): Promise<T> {
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: options.propagationPolicy };
    return this.request<T>({
      method: 'DELETE',
      path: resourcePath(ref),
      body,
      query: { dryRun: options.dryRun ? 'All' : undefined },
    });
  }

  /** A JSON merge patch (`application/merge-patch+json`). */
  mergePatch<T = KubeObject>(ref: ResourceRef, patch: unknown, query?: KubeRequest['query']): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(ref),
      body: patch,
      contentType: 'application/merge-patch+json',
      query,
    });
  }

  /** A JSON patch (RFC 6902). */
  jsonPatch<T = KubeObject>(ref: ResourceRef, ops: unknown[], query?: KubeRequest['query']): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(ref),
      body: ops,
      contentType: 'application/json-patch+json',
      query,
    });
  }

  /** Reads an object through its `status` subresource. */
  getStatus<T = KubeObject>(ref: ResourceRef): Promise<T> {
    return this.get<T>({ ...ref, subresource: 'status' });
  }

  /** Merge-patches the `status` subresource (the spec and metadata are left alone by the server). */
  patchStatus<T = KubeObject>(ref: ResourceRef, patch: unknown, query?: KubeRequest['query']): Promise<T> {
    return this.mergePatch<T>({ ...ref, subresource: 'status' }, patch, query);
  }

  /** Replaces the `status` subresource; the body's resourceVersion guards against lost updates. */
  updateStatus<T = KubeObject>(ref: ResourceRef, body: unknown, query?: KubeRequest['query']): Promise<T> {
    return this.update<T>({ ...ref, subresource: 'status' }, body, query);
  }

  /** Server-side applies the `status` subresource with a field manager of its own. */
  applyStatus<T = KubeObject>(
    ref: ResourceRef,
    obj: unknown,
    options: { fieldManager: string; force?: boolean },
  ): Promise<T> {
    return this.apply<T>({ ...ref, subresource: 'status' }, obj, options);
  }

  /** A server-side apply patch with a field manager; `force` takes over conflicting fields. */
  apply<T = KubeObject>(
    ref: ResourceRef,
    obj: unknown,
    options: { fieldManager: string; force?: boolean; dryRun?: boolean },
  ): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(ref),
      body: obj,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: options.fieldManager,
        force: options.force || undefined,
        dryRun: options.dryRun ? 'All' : undefined,
      },
    });
  }

  /**
   * Streams watch events of a collection from `resourceVersion` until the server closes the
   * stream, the signal aborts, or an ERROR event arrives (yielded, e.g. 410 Gone for a
   * too-old resourceVersion). The caller resumes from the last seen resourceVersion.
   */
  async *watch<T = KubeObject>(
    ref: ResourceRef,
    options: {
      resourceVersion?: string;
      labelSelector?: string;
      fieldSelector?: string;
      timeoutSeconds?: number;
      bookmarks?: boolean;
      signal?: AbortSignal;
    } = {},
  ): AsyncGenerator<WatchEvent<T>> {
    const res = await this.open(
      {
        path: resourcePath(ref),
        query: {
          watch: 1,
          resourceVersion: options.resourceVersion,
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          timeoutSeconds: options.timeoutSeconds,
          allowWatchBookmarks: options.bookmarks ?? true,
        },
        signal: options.signal,
      },
      true,
    );
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw toApiError(status, Buffer.concat(chunks).toString('utf8'), { path: resourcePath(ref) });
    }
    let buf = '';
    // decode as a stream so a multi-byte character split across chunks stays whole
    res.setEncoding('utf8');
    try {
      for await (const chunk of res) {
        buf += chunk as string;
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) yield JSON.parse(line) as WatchEvent<T>;
          nl = buf.indexOf('\n');
        }
      }
    } catch (e: unknown) {
      if (options.signal?.aborted) return;
      throw e;
    } finally {
      res.destroy();
    }
  }
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function toApiError(status: number, text: string, req: Pick<KubeRequest, 'path' | 'method'>): KubeApiError {
  try {
    const s = JSON.parse(text) as { reason?: string; message?: string; details?: unknown };
    return new KubeApiError(status, s.reason ?? String(status), s.message ?? text, s.details);
  } catch {
    return new KubeApiError(
      status,
      String(status),
      `${req.method ?? 'GET'} ${req.path}: HTTP ${status}: ${text.slice(0, 200)}`,
    );
  }
}

export type { KubeObject };
