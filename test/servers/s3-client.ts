import { createHash, createHmac } from 'node:crypto';
import { type OciResponse, rawRequest } from './oci-client.ts';

/** Where and as whom a test talks S3. */
export interface S3Credentials {
  /** `http(s)://host:port` of the S3 server. */
  url: string;
  accessKey: string;
  secretKey: string;
  /** Default `us-east-1`, MinIO's default region. */
  region?: string;
  /** PEM CA to trust for HTTPS. */
  ca?: string;
}

/** One S3 REST call in path style: `/<bucket>/<key>`. */
export interface S3Call {
  method: string;
  bucket?: string;
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** RFC 3986 encoding as SigV4 requires: only unreserved characters stay as they are. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Sends one S3 request signed with AWS Signature Version 4 (header auth, signed payload hash),
 * written here so the tests depend on no S3 client library.
 */
export function s3Request(creds: S3Credentials, call: S3Call): Promise<OciResponse> {
  const region = creds.region ?? 'us-east-1';
  const base = new URL(creds.url);
  const segments = [call.bucket, ...(call.key ? call.key.split('/') : [])].filter((s) => s !== undefined);
  const path = `/${segments.map((s) => uriEncode(s as string)).join('/')}`;
  const query = Object.entries(call.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const body = call.body === undefined ? Buffer.alloc(0) : Buffer.from(call.body);
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    host: base.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': sha256Hex(body),
  };
  for (const [k, v] of Object.entries(call.headers ?? {})) headers[k.toLowerCase()] = v.trim();
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonical = [
    call.method,
    path,
    query,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    signedHeaders,
    headers['x-amz-content-sha256'],
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretKey}`, day), region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  const { host: _host, ...sent } = headers;
  return rawRequest(call.method, `${base.origin}${path}${query ? `?${query}` : ''}`, {
    ca: creds.ca,
    headers: { ...sent, Authorization: authorization },
    body: body.length ? body : undefined,
  });
}

async function expectStatus(what: string, res: Promise<OciResponse>, ok: number[]): Promise<OciResponse> {
  const r = await res;
  if (!ok.includes(r.status))
    throw new Error(`${what}: status ${r.status}: ${r.body.toString().slice(0, 400)}`);
  return r;
}

/** Creates a bucket (`PUT /<bucket>`). */
export async function createBucket(creds: S3Credentials, bucket: string): Promise<void> {
  // MinIO may answer its readiness probe before its object layer is up; it then says 503
  // XMinioServerNotInitialized for a moment, which is worth waiting out
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await s3Request(creds, { method: 'PUT', bucket });
    if (
      res.status === 503 &&
      res.body.toString().includes('XMinioServerNotInitialized') &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    await expectStatus(`create bucket ${bucket}`, Promise.resolve(res), [200]);
    return;
  }
}

/** Uploads one object and returns its ETag (without quotes). */
export async function putObject(
  creds: S3Credentials,
  bucket: string,
  key: string,
  body: Buffer | string,
  contentType = 'application/octet-stream',
): Promise<string> {
  const res = await expectStatus(
    `put ${bucket}/${key}`,
    s3Request(creds, { method: 'PUT', bucket, key, body, headers: { 'content-type': contentType } }),
    [200],
  );
  return String(res.headers.etag ?? '').replace(/"/g, '');
}

/** Deletes one object. */
export async function deleteObject(creds: S3Credentials, bucket: string, key: string): Promise<void> {
  await expectStatus(
    `delete ${bucket}/${key}`,
    s3Request(creds, { method: 'DELETE', bucket, key }),
    [204, 200],
  );
}

/** Downloads one object's bytes. */
export async function getObject(creds: S3Credentials, bucket: string, key: string): Promise<Buffer> {
  return (await expectStatus(`get ${bucket}/${key}`, s3Request(creds, { method: 'GET', bucket, key }), [200]))
    .body;
}

/** Lists the keys of a bucket (ListObjectsV2, every page). */
export async function listObjects(creds: S3Credentials, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query: Record<string, string> = { 'list-type': '2', prefix };
    if (token) query['continuation-token'] = token;
    const res = await expectStatus(
      `list ${bucket}`,
      s3Request(creds, { method: 'GET', bucket, query }),
      [200],
    );
    const xml = res.body.toString();
    for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(decodeXml(m[1]));
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
      ? decodeXml(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? '')
      : undefined;
  } while (token);
  return keys;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
