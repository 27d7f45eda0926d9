import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How a test talks to a registry: trust, client certificate and credentials. */
export interface OciClientOptions {
  /** PEM CA to trust for an HTTPS registry. */
  ca?: string;
  cert?: string;
  key?: string;
  username?: string;
  password?: string;
}

/** A raw HTTP answer. */
export interface OciResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP(S) request with node's own client (fetch cannot be given a CA per request). */
export function rawRequest(
  method: string,
  url: string,
  options: OciClientOptions & { headers?: Record<string, string>; body?: Buffer } = {},
): Promise<OciResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method,
        headers: {
          ...options.headers,
          ...(options.body ? { 'Content-Length': String(options.body.length) } : {}),
        },
        ca: options.ca,
        cert: options.cert,
        key: options.key,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `Bearer realm="...",service="...",scope="..."` into its parameters. */
function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) params[m[1]] = m[2];
  return { scheme: header.slice(0, space).toLowerCase(), params };
}

function basic(options: OciClientOptions): string | undefined {
  if (options.username === undefined) return undefined;
  return `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
}

/**
 * Sends a registry API request, answering a 401 challenge the way Docker clients do: basic
 * credentials for `Basic`, or a token fetched from the challenge's realm for `Bearer`.
 */
export async function registryRequest(
  method: string,
  url: string,
  options: OciClientOptions & { headers?: Record<string, string>; body?: Buffer } = {},
): Promise<OciResponse> {
  const first = await rawRequest(method, url, options);
  if (first.status !== 401) return first;
  const challenge = parseChallenge(String(first.headers['www-authenticate'] ?? ''));
  let authorization: string | undefined;
  if (challenge.scheme === 'basic') authorization = basic(options);
  if (challenge.scheme === 'bearer') {
    const realm = new URL(challenge.params.realm);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    if (challenge.params.scope) realm.searchParams.set('scope', challenge.params.scope);
    const auth = basic(options);
    const tokenResponse = await rawRequest('GET', realm.toString(), {
      ca: options.ca,
      headers: auth ? { Authorization: auth } : {},
    });
    if (tokenResponse.status !== 200) return tokenResponse;
    authorization = `Bearer ${JSON.parse(tokenResponse.body.toString()).token}`;
  }
  if (!authorization) return first;
  return rawRequest(method, url, {
    ...options,
    headers: { ...options.headers, Authorization: authorization },
  });
}

/** A blob of an OCI manifest: its media type and bytes. */
export interface OciBlob {
  mediaType: string;
  data: Buffer | string;
  annotations?: Record<string, string>;
}

/** What {@link pushArtifact} pushes: Flux's `flux push artifact` layout by default. */
export interface OciArtifact {
  layers: OciBlob[];
  /** Default: an empty JSON config with Flux's config media type. */
  config?: OciBlob;
  annotations?: Record<string, string>;
  artifactType?: string;
}

function digestOf(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

async function ensureOk(what: string, res: OciResponse, expected: number[]): Promise<void> {
  if (!expected.includes(res.status)) {
    throw new Error(`${what}: unexpected status ${res.status}: ${res.body.toString().slice(0, 500)}`);
  }
}

async function pushBlob(
  base: string,
  repo: string,
  data: Buffer,
  options: OciClientOptions,
): Promise<string> {
  const digest = digestOf(data);
  const start = await registryRequest('POST', `${base}/v2/${repo}/blobs/uploads/`, options);
  await ensureOk(`start upload to ${repo}`, start, [202]);
  const location = new URL(String(start.headers.location), base);
  location.searchParams.set('digest', digest);
  const put = await registryRequest('PUT', location.toString(), {
    ...options,
    headers: { 'Content-Type': 'application/octet-stream' },
    body: data,
  });
  await ensureOk(`upload blob to ${repo}`, put, [201]);
  return digest;
}

/** The media type of Flux's OCI artifact config and content layer (`flux push artifact`). */
export const FLUX_ARTIFACT_MEDIA_TYPES = {
  config: 'application/vnd.cncf.flux.config.v1+json',
  content: 'application/vnd.cncf.flux.content.v1.tar+gzip',
} as const;

/**
 * Pushes an OCI image manifest with its config and layers to `<registryUrl>/<repo>:<tag>` through
 * the registry's HTTP API (monolithic blob uploads) and returns the manifest digest.
 */
export async function pushArtifact(
  registryUrl: string,
  repo: string,
  tag: string,
  artifact: OciArtifact,
  options: OciClientOptions = {},
): Promise<string> {
  const config = artifact.config ?? { mediaType: FLUX_ARTIFACT_MEDIA_TYPES.config, data: '{}' };
  const descriptor = async (blob: OciBlob) => {
    const data = Buffer.from(blob.data);
    return {
      mediaType: blob.mediaType,
      digest: await pushBlob(registryUrl, repo, data, options),
      size: data.length,
      ...(blob.annotations ? { annotations: blob.annotations } : {}),
    };
  };
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    ...(artifact.artifactType ? { artifactType: artifact.artifactType } : {}),
    config: await descriptor(config),
    layers: await Promise.all(artifact.layers.map(descriptor)),
    ...(artifact.annotations ? { annotations: artifact.annotations } : {}),
  };
  const body = Buffer.from(JSON.stringify(manifest));
  const put = await registryRequest('PUT', `${registryUrl}/v2/${repo}/manifests/${tag}`, {
    ...options,
    headers: { 'Content-Type': manifest.mediaType },
    body,
  });
  await ensureOk(`push manifest ${repo}:${tag}`, put, [201]);
  return digestOf(body);
}

/** Fetches a manifest (by tag or digest) and returns its digest and parsed JSON. */
export async function getManifest(
  registryUrl: string,
  repo: string,
  reference: string,
  options: OciClientOptions = {},
): Promise<{ digest: string; manifest: any }> {
  const res = await registryRequest('GET', `${registryUrl}/v2/${repo}/manifests/${reference}`, {
    ...options,
    headers: {
      Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json',
    },
  });
  await ensureOk(`get manifest ${repo}:${reference}`, res, [200]);
  return { digest: String(res.headers['docker-content-digest']), manifest: JSON.parse(res.body.toString()) };
}
