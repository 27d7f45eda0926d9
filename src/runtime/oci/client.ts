import { createHash } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RegistryCredentials } from './credentials.ts';
import { type Descriptor, type ImageIndex, type ImageManifest, MediaType } from './media-types.ts';

/** Options of a {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** Plain HTTP instead of HTTPS (`spec.insecure`). */
  insecure?: boolean;
  /** PEM CA bundle, client certificate and key (`certSecretRef`). */
  ca?: string;
  cert?: string;
  key?: string;
  credentials?: RegistryCredentials;
  timeoutMs?: number;
  userAgent?: string;
}

/** A registry answered with an error; `code` is the distribution error code when it sent one. */
export class RegistryError extends Error {
  readonly status: number;
  readonly code?: string;
  constructor(status: number, message: string, code?: string) {
    super(message);
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
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(host: string, options: RegistryClientOptions = {}) {
    this.host = host;
    this.options = options;
    this.agent = options.insecure
      ? new HttpAgent({ keepAlive: true })
      : new HttpsAgent({ keepAlive: true, ca: options.ca, cert: options.cert, key: options.key });
  }

  close(): void {
    this.agent.destroy();
  }

  private base(): string {
    return `${this.options.insecure ? 'http' : 'https'}://${this.host}`;
  }

  private send(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: Buffer; maxBytes?: number },
  ): Promise<Response> {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const agent = u.host === this.host ? this.agent : undefined;
    return new Promise((resolve, reject) => {
      const req = send(
        u,
        {
          method: init.method ?? 'GET',
          headers: { 'User-Agent': this.options.userAgent ?? 'tsflux', ...init.headers },
          agent,
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
          res.on('error', reject);
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
    if (challenge.service) url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', scope);
    const headers: Record<string, string> = {};
    const c = this.options.credentials;
    if (c?.username !== undefined)
      headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
    const res = await this.send(url.href, { headers });
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
  ): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.base()}${path}`;
    let res = await this.send(url, { ...init, headers: { ...init.headers, ...this.authHeader(scope) } });
    if (res.status === 401) {
      const challenge = parseChallenge(String(res.headers['www-authenticate'] ?? ''));
      if (challenge.scheme === 'bearer' && challenge.params.realm) {
        await this.token(challenge.params, scope);
      } else if (challenge.scheme === 'basic') {
        if (this.options.credentials?.username === undefined)
          throw new RegistryError(401, `${this.host} requires credentials: UNAUTHORIZED`);
        this.basic = true;
      } else {
        throw new RegistryError(401, `${this.host} answered 401 without a usable challenge`);
      }
      res = await this.send(url, { ...init, headers: { ...init.headers, ...this.authHeader(scope) } });
    }
    return res;
  }

  private check(res: Response, what: string): Response {
    if (res.status >= 200 && res.status < 300) return res;
    let code: string | undefined;
    try {
      code = (JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string }[] }).errors?.[0]?.code;
    } catch {
      // not a distribution error body
    }
    throw new RegistryError(
      res.status,
      `${what}: ${res.status === 401 ? 'UNAUTHORIZED: authentication required' : errorText(res)}`,
      code,
    );
  }

  /** Checks that the registry speaks the distribution API (and that credentials, if any, work). */
  async ping(): Promise<void> {
    const res = await this.call('/v2/', 'registry:catalog:*');
    if (res.status !== 200 && res.status !== 401) this.check(res, `GET ${this.base()}/v2/`);
  }

  /** Every tag of a repository, following `Link` pagination. */
  async listTags(repository: string, pageSize = 1000): Promise<string[]> {
    const tags: string[] = [];
    let next: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
    const scope = `repository:${repository}:pull`;
    while (next) {
      const res = this.check(await this.call(next, scope), `GET tags of ${this.host}/${repository}`);
      tags.push(...((JSON.parse(res.body.toString('utf8')) as { tags?: string[] }).tags ?? []));
      const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''));
      next = link ? link[1] : undefined;
    }
    return tags;
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
      `GET manifest ${this.host}/${repository}:${reference}`,
    );
    const digest = `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new RegistryError(0, `manifest digest mismatch: expected ${reference}, got ${digest}`);
    const manifest = JSON.parse(res.body.toString('utf8')) as ImageManifest | ImageIndex;
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
    let res = await this.call(
      `/v2/${repository}/blobs/${descriptor.digest}`,
      `repository:${repository}:pull`,
      { maxBytes },
    );
    // registries redirect blob downloads to storage; follow without sending our credentials there
    for (let hops = 0; res.status >= 300 && res.status < 400 && res.headers.location && hops < 5; hops++) {
      res = await this.send(new URL(String(res.headers.location), this.base()).href, { maxBytes });
    }
    this.check(res, `GET blob ${descriptor.digest}`);
    const got = `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    if (got !== descriptor.digest)
      throw new RegistryError(0, `blob digest mismatch: expected ${descriptor.digest}, got ${got}`);
    return res.body;
  }

  /** Uploads a blob (monolithic), skipping it when the registry has it already; returns its descriptor. */
  async pushBlob(repository: string, data: Buffer, mediaType: string): Promise<Descriptor> {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const scope = `repository:${repository}:pull,push`;
    const head = await this.call(`/v2/${repository}/blobs/${digest}`, scope, { method: 'HEAD' });
    if (head.status !== 200) {
      const start = this.check(
        await this.call(`/v2/${repository}/blobs/uploads/`, scope, {
          method: 'POST',
          headers: { 'Content-Length': '0' },
        }),
        `start upload to ${this.host}/${repository}`,
      );
      const location = new URL(String(start.headers.location), this.base());
      location.searchParams.set('digest', digest);
      this.check(
        await this.call(location.href, scope, {
          method: 'PUT',
          body: data,
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(data.length) },
        }),
        `upload blob ${digest}`,
      );
    }
    return { mediaType, digest, size: data.length };
  }

  /** Stores a manifest under a tag (or digest); returns its digest. */
  async putManifest(
    repository: string,
    reference: string,
    manifest: ImageManifest | ImageIndex,
    mediaType: string = MediaType.OciManifest,
  ): Promise<string> {
    const body = Buffer.from(JSON.stringify(manifest));
    this.check(
      await this.call(`/v2/${repository}/manifests/${reference}`, `repository:${repository}:pull,push`, {
        method: 'PUT',
        body,
        headers: { 'Content-Type': mediaType, 'Content-Length': String(body.length) },
      }),
      `PUT manifest ${this.host}/${repository}:${reference}`,
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
  return text.slice(0, 200) || `HTTP ${res.status}`;
}
