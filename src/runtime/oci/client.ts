import { createHash } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, STATUS_CODES } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { bodyReadError, toError } from '../../engines/errors/index.ts';
import type { RegistryCredentials } from './credentials.ts';
import { type Descriptor, type ImageIndex, type ImageManifest, MediaType } from './media-types.ts';
import { type ProxyConfig, proxyAuthorization, tunnelingAgent } from './proxy.ts';

/** Options of a {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** Plain HTTP only (`--insecure-registry` of the CLI). */
  insecure?: boolean;
  /**
   * Try HTTPS first and fall back to plain HTTP when the registry does not speak TLS, as Go's
   * registry clients do for `spec.insecure` and for loopback and private addresses.
   */
  httpFallback?: boolean;
  /** Accept any server certificate (`spec.insecure` without a `certSecretRef`). */
  tlsSkipVerify?: boolean;
  /** PEM CA bundle, client certificate and key (`certSecretRef`). */
  ca?: string;
  /** Trust the system roots as well as `ca` (Flux extends the system pool). */
  caWithSystemRoots?: boolean;
  cert?: string;
  key?: string;
  /** An HTTP proxy for every request (`proxySecretRef`). */
  proxy?: ProxyConfig;
  credentials?: RegistryCredentials;
  timeoutMs?: number;
  /** Aborts every request (shutdown, or the object's `spec.timeout`). */
  signal?: AbortSignal;
  userAgent?: string;
}

/** A registry answered with an error; `code` is the distribution error code when it sent one. */
export class RegistryError extends Error {
  readonly status: number;
  readonly code?: string;
  constructor(status: number, message: string, code?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
    this.status = status;
    this.code = code;
  }
}

interface Response {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const MANIFEST_ACCEPT = [
  MediaType.OciManifest,
  MediaType.OciIndex,
  MediaType.DockerManifest,
  MediaType.DockerManifestList,
].join(', ');

/** Parses a `WWW-Authenticate` challenge: scheme and its parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^(\w+)\s*(.*)$/s.exec(header.trim());
  const params: Record<string, string> = {};
  for (const p of (m?.[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) params[p[1].toLowerCase()] = p[2];
  return { scheme: (m?.[1] ?? '').toLowerCase(), params };
}

/**
 * A client of the OCI distribution API for one registry host: ping, tags (paginated), manifests
 * and indexes, blobs with digest verification, and pushes. Authentication follows the registry's
 * challenge: HTTP basic, or bearer tokens from its token service (anonymous or with credentials),
 * cached per scope. Credentials never appear in error messages.
 */
export class RegistryClient {
  readonly host: string;
  private readonly options: RegistryClientOptions;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent: HttpsAgent;
  private readonly tokens = new Map<string, string>();
  private basic = false;
  private scheme: Promise<'http' | 'https'> | undefined;

  constructor(host: string, options: RegistryClientOptions = {}) {
    this.host = host;
    this.options = options;
    const tls = {
      ca: options.ca && options.caWithSystemRoots ? [...rootCertificates, options.ca] : options.ca,
      cert: options.cert,
      key: options.key,
      rejectUnauthorized: !options.tlsSkipVerify,
    };
    this.httpsAgent = options.proxy
      ? tunnelingAgent(options.proxy, tls)
      : new HttpsAgent({ keepAlive: true, ...tls });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * The registry's origin. With `httpFallback` the first call pings `/v2/` over HTTPS and, when
   * the connection itself fails (not an HTTP error), over plain HTTP, and keeps what worked.
   */
  private async base(): Promise<string> {
    this.scheme ??= (async () => {
      if (this.options.insecure) return 'http';
      if (!this.options.httpFallback) return 'https';
      try {
        await this.send(`https://${this.host}/v2/`, {});
        return 'https';
      } catch (httpsError: unknown) {
        // only a registry answer counts: a TLS server's "400 plain HTTP to HTTPS" does not
        const url = `http://${this.host}/v2/`;
        let plainError: unknown;
        const plain = await this.send(url, {}).catch((e: unknown) => {
          plainError = e;
          return undefined;
        });
        if (plain?.status === 200 || plain?.status === 401) return 'http';
        // a plain-HTTP registry that answers with a failure (a 503) is the cause to report, not
        // the TLS handshake it never spoke; when neither scheme connects, both failures are
        if (plain && plain.status !== 400) this.check({ url, res: plain });
        if (plainError !== undefined)
          throw new RegistryError(
            0,
            `${toError(httpsError).message.trimEnd()}; ${toError(plainError).message}`,
            undefined,
            {
              cause: httpsError,
            },
          );
        throw httpsError;
      }
    })();
    return `${await this.scheme}://${this.host}`;
  }

  private send(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: Buffer; maxBytes?: number },
  ): Promise<Response> {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const proxy = this.options.proxy;
    // plain HTTP through a proxy is an absolute-form request to the proxy itself
    const target: URL | string = proxy && !secure ? new URL(proxy.url) : u;
    const path = proxy && !secure ? u.href : `${u.pathname}${u.search}`;
    const agent = secure ? this.httpsAgent : proxy ? undefined : this.httpAgent;
    return new Promise((resolve, reject) => {
      const req = send(
        {
          protocol: (target as URL).protocol,
          hostname: (target as URL).hostname,
          port: (target as URL).port,
          path,
          method: init.method ?? 'GET',
          headers: {
            'User-Agent': this.options.userAgent ?? 'tsflux',
            Host: u.host,
            ...(proxy && !secure ? proxyAuthorization(proxy) : {}),
            ...init.headers,
          },
          agent,
          signal: this.options.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (init.maxBytes !== undefined && size > init.maxBytes) {
              res.destroy(
                new RegistryError(
                  0,
                  `response from ${u.host} exceeds the size limit of ${init.maxBytes} bytes`,
                ),
              );
              return;
            }
            chunks.push(c);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', (e) =>
            reject(
              e instanceof RegistryError
                ? e
                : new RegistryError(
                    0,
                    `${init.method ?? 'GET'} ${u.origin}${u.pathname}: ${bodyReadError(e)}`,
                  ),
            ),
          );
        },
      );
      req.setTimeout(this.options.timeoutMs ?? 60_000, () =>
        req.destroy(new Error(`timeout after ${(this.options.timeoutMs ?? 60_000) / 1000}s`)),
      );
      req.on('error', (e) =>
        reject(new RegistryError(0, `${init.method ?? 'GET'} ${u.origin}${u.pathname}: ${e.message}`)),
      );
      if (init.body) req.write(init.body);
      req.end();
    });
  }

  private async token(challenge: Record<string, string>, scope: string): Promise<string> {
    const key = `${challenge.realm}|${challenge.service}|${scope}`;
    const cached = this.tokens.get(key);
    if (cached) return cached;
    const url = new URL(challenge.realm);
    const c = this.options.credentials;
    let res: Response;
    if (c?.identityToken) {
      // an identity token (docker login to some registries leaves one) is an OAuth2 refresh token
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: c.identityToken,
        service: challenge.service ?? '',
        scope,
        client_id: 'tsflux',
      });
      const body = Buffer.from(form.toString());
      res = await this.send(url.href, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(body.length),
        },
        body,
      });
    } else {
      if (challenge.service) url.searchParams.set('service', challenge.service);
      url.searchParams.set('scope', scope);
      const headers: Record<string, string> = {};
      if (c?.username !== undefined)
        headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
      res = await this.send(url.href, { headers });
    }
    if (res.status !== 200)
      throw new RegistryError(
        res.status,
        `token request to ${url.origin} failed with status ${res.status}: ${errorText(res)}`,
      );
    const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(res.status, `token response from ${url.origin} has no token`);
    this.tokens.set(key, token);
    return token;
  }

  private authHeader(scope: string): Record<string, string> {
    const c = this.options.credentials;
    if (this.basic && c?.username !== undefined) {
      return {
        Authorization: `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`,
      };
    }
    for (const [key, token] of this.tokens)
      if (key.endsWith(`|${scope}`)) return { Authorization: `Bearer ${token}` };
    return {};
  }

  /** Sends a request, answering an authentication challenge once. */
  private async call(
    path: string,
    scope: string,
    init: { method?: string; headers?: Record<string, string>; body?: Buffer; maxBytes?: number } = {},
  ): Promise<{ url: string; res: Response }> {
    const url = path.startsWith('http') ? path : `${await this.base()}${path}`;
    let res = await this.send(url, { ...init, headers: { ...init.headers, ...this.authHeader(scope) } });
    if (res.status === 401) {
      const challenge = parseChallenge(String(res.headers['www-authenticate'] ?? ''));
      if (challenge.scheme === 'bearer' && challenge.params.realm) {
        await this.token(challenge.params, scope);
      } else if (challenge.scheme === 'basic' && this.options.credentials?.username !== undefined) {
        this.basic = true;
      } else {
        // anonymous against basic auth, or no usable challenge: the 401 is the answer
        return { url, res };
      }
      res = await this.send(url, { ...init, headers: { ...init.headers, ...this.authHeader(scope) } });
    }
    return { url, res };
  }

  /**
   * Throws for a non-2xx answer, worded as Go's registry clients word it (Flux users grep these):
   * `GET <url>: MANIFEST_UNKNOWN: manifest unknown`.
   */
  private check(got: { url: string; res: Response }, method = 'GET'): Response {
    const { res } = got;
    if (res.status >= 200 && res.status < 300) return res;
    let code: string | undefined;
    try {
      code = (JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string }[] }).errors?.[0]?.code;
    } catch {
      // not a distribution error body
    }
    const u = new URL(got.url);
    const detail =
      res.status === 401 && !code
        ? 'UNAUTHORIZED: authentication required'
        : res.status === 404 && method === 'HEAD'
          ? 'unexpected status code 404 Not Found (HEAD responses have no body, use GET for details)'
          : errorText(res);
    throw new RegistryError(res.status, `${method} ${u.origin}${u.pathname}${u.search}: ${detail}`, code);
  }

  /** Checks that the registry speaks the distribution API (and that credentials, if any, work). */
  async ping(): Promise<void> {
    const got = await this.call('/v2/', 'registry:catalog:*');
    if (got.res.status !== 200 && got.res.status !== 401) this.check(got);
  }

  /** Every tag of a repository, following `Link` pagination. */
  async listTags(repository: string, pageSize = 1000): Promise<string[]> {
    const tags: string[] = [];
    let next: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
    const scope = `repository:${repository}:pull`;
    while (next) {
      const res = this.check(await this.call(next, scope));
      tags.push(...((JSON.parse(res.body.toString('utf8')) as { tags?: string[] }).tags ?? []));
      const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''));
      next = link ? new URL(link[1], await this.base()).href : undefined;
    }
    return tags;
  }

  /**
   * The digest a tag (or digest) points to, from a `HEAD` of the manifest (its
   * `Docker-Content-Digest`), falling back to a `GET` when the registry does not answer HEAD with
   * a digest, as Flux resolves revisions: no layer is downloaded.
   */
  async resolveDigest(repository: string, reference: string): Promise<string> {
    const head = await this.call(
      `/v2/${repository}/manifests/${reference}`,
      `repository:${repository}:pull`,
      {
        method: 'HEAD',
        headers: { Accept: MANIFEST_ACCEPT },
      },
    );
    const digest = String(head.res.headers['docker-content-digest'] ?? '');
    if (head.res.status === 200 && /^sha256:[0-9a-f]{64}$/.test(digest)) return digest;
    return (await this.getManifest(repository, reference)).digest;
  }

  /** A manifest or index by tag or digest, with its digest (verified when asked by digest). */
  async getManifest(
    repository: string,
    reference: string,
  ): Promise<{ digest: string; mediaType: string; manifest: ImageManifest | ImageIndex; raw: Buffer }> {
    const res = this.check(
      await this.call(`/v2/${repository}/manifests/${reference}`, `repository:${repository}:pull`, {
        headers: { Accept: MANIFEST_ACCEPT },
        maxBytes: 4 * 1024 * 1024,
      }),
    );
    const digest = `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new RegistryError(0, `manifest digest mismatch: expected ${reference}, got ${digest}`);
    let manifest: ImageManifest | ImageIndex;
    try {
      manifest = JSON.parse(res.body.toString('utf8')) as ImageManifest | ImageIndex;
    } catch (e: unknown) {
      throw new RegistryError(
        0,
        `manifest ${reference} of ${this.host}/${repository} is not JSON`,
        undefined,
        {
          cause: e,
        },
      );
    }
    const mediaType = String(
      res.headers['content-type'] ?? manifest.mediaType ?? MediaType.OciManifest,
    ).split(';')[0];
    return { digest, mediaType, manifest, raw: res.body };
  }

  /** A blob by digest, refused beyond `maxBytes` and verified against its digest. */
  async getBlob(
    repository: string,
    descriptor: Pick<Descriptor, 'digest'> & { size?: number },
    maxBytes = 100 * 1024 * 1024,
  ): Promise<Buffer> {
    if (descriptor.size !== undefined && descriptor.size > maxBytes) {
      throw new RegistryError(
        0,
        `layer ${descriptor.digest} is ${descriptor.size} bytes, over the limit of ${maxBytes}`,
      );
    }
    let got = await this.call(
      `/v2/${repository}/blobs/${descriptor.digest}`,
      `repository:${repository}:pull`,
      {
        maxBytes,
      },
    );
    // registries redirect blob downloads to storage; follow without sending our credentials there
    for (
      let hops = 0;
      got.res.status >= 300 && got.res.status < 400 && got.res.headers.location && hops < 5;
      hops++
    ) {
      const url = new URL(String(got.res.headers.location), got.url).href;
      got = { url, res: await this.send(url, { maxBytes }) };
    }
    const res = this.check(got);
    const digest = `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    if (digest !== descriptor.digest)
      throw new RegistryError(0, `blob digest mismatch: expected ${descriptor.digest}, got ${digest}`);
    return res.body;
  }

  /** Uploads a blob (monolithic), skipping it when the registry has it already; returns its descriptor. */
  async pushBlob(repository: string, data: Buffer, mediaType: string): Promise<Descriptor> {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const scope = `repository:${repository}:pull,push`;
    const head = await this.call(`/v2/${repository}/blobs/${digest}`, scope, { method: 'HEAD' });
    if (head.res.status !== 200) {
      const start = this.check(
        await this.call(`/v2/${repository}/blobs/uploads/`, scope, {
          method: 'POST',
          headers: { 'Content-Length': '0' },
        }),
        'POST',
      );
      const location = new URL(String(start.headers.location), await this.base());
      location.searchParams.set('digest', digest);
      this.check(
        await this.call(location.href, scope, {
          method: 'PUT',
          body: data,
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(data.length) },
        }),
        'PUT',
      );
    }
    return { mediaType, digest, size: data.length };
  }

  /**
   * Stores a manifest under a tag (or digest); returns its digest. Pass the `raw` bytes of a
   * manifest read from a registry to re-tag it: re-serialising would change its digest.
   */
  async putManifest(
    repository: string,
    reference: string,
    manifest: ImageManifest | ImageIndex | Buffer,
    mediaType: string = MediaType.OciManifest,
  ): Promise<string> {
    const body = Buffer.isBuffer(manifest) ? manifest : Buffer.from(JSON.stringify(manifest));
    this.check(
      await this.call(`/v2/${repository}/manifests/${reference}`, `repository:${repository}:pull,push`, {
        method: 'PUT',
        body,
        headers: { 'Content-Type': mediaType, 'Content-Length': String(body.length) },
      }),
      'PUT',
    );
    return `sha256:${createHash('sha256').update(body).digest('hex')}`;
  }
}

function errorText(res: Response): string {
  const text = res.body.toString('utf8').trim();
  try {
    const e = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors?.[0];
    if (e) return `${e.code ?? res.status}: ${e.message ?? ''}`.trim();
  } catch {
    // plain text body
  }
  // worded as Go's registry clients word an answer that is no distribution error
  const status = `unexpected status code ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trim();
  return text ? `${status}: ${text.slice(0, 200)}` : status;
}
