import type { IncomingMessage } from 'node:http';
import { Agent as HttpAgent, STATUS_CODES } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { ProxyConfig } from '../../../runtime/oci/index.ts';
import { plainTunnelAgent, tunnelingAgent } from '../../../runtime/oci/index.ts';
import { parseListObjectsV2 } from './list-objects-xml.ts';

/** Where and how to reach an S3-compatible endpoint (a Bucket's `generic` or `aws` provider). */
export interface S3Options {
  /** `host[:port]`, no scheme (`spec.endpoint`). */
  endpoint: string;
  /** Plain HTTP instead of HTTPS (`spec.insecure`). */
  insecure: boolean;
  region?: string;
  accessKey?: string;
  secretKey?: string;
  /** PEM CA (added to the system roots) and client pair, from `spec.certSecretRef`. */
  ca?: string;
  cert?: string;
  key?: string;
  proxy?: ProxyConfig;
  /** Aborts every request in flight (spec.timeout, shutdown). */
  signal: AbortSignal;
}

/** One listed object: its full key and ETag (without quotes). */
export interface ListedObject {
  key: string;
  etag: string;
}

/** An S3 error response: its `Code` (NoSuchKey, SignatureDoesNotMatch...) and message. */
export class S3ResponseError extends Error {
  override name = 'S3ResponseError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** The subset of the S3 API a Bucket needs, with every request abortable. */
export interface S3Client {
  /** True when the bucket exists, false on NoSuchBucket; other failures throw. */
  bucketExists(bucket: string): Promise<boolean>;
  /** Every object under `prefix`, recursively (ListObjectsV2, all pages). */
  listObjects(bucket: string, prefix: string): Promise<ListedObject[]>;
  /** An object's ETag from a HEAD request; undefined when there is no such key. */
  headObject(bucket: string, key: string): Promise<string | undefined>;
  /** An object's bytes and the ETag of exactly those bytes; undefined when there is no such key. */
  getObject(bucket: string, key: string): Promise<{ data: Buffer; etag: string } | undefined>;
  /** Releases the connections. */
  close(): void;
}

type MinioClient = {
  bucketExists(bucket: string): Promise<boolean>;
  makeRequestAsync(
    options: { method: string; bucketName?: string; objectName?: string; query?: string },
    payload?: string,
    expectedCodes?: number[],
  ): Promise<IncomingMessage>;
};

/** Rejects with the signal's reason as soon as it aborts, whatever `work` does. */
function abortable<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason as Error | undefined;
  if (reason?.name === 'TimeoutError') return new Error('context deadline exceeded');
  return new Error('context canceled');
}

function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

/** Go's wording of the common socket failures, which users of Flux grep for. */
export function describeNetworkError(e: unknown, host: string): Error {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ECONNREFUSED':
      return new Error(`dial tcp ${host}: connect: connection refused`);
    case 'ENOTFOUND':
      return new Error(`dial tcp: lookup ${host.replace(/:\d+$/, '')}: no such host`);
    case 'ETIMEDOUT':
      return new Error(`dial tcp ${host}: i/o timeout`);
    case 'ECONNRESET':
      return new Error(`read tcp ${host}: connection reset by peer`);
    default:
      return err instanceof Error ? err : new Error(String(e));
  }
}

/**
 * The status behind the package's "Request failed after 0 retries: Error: Retryable HTTP status:
 * 503" (an answer with no S3 error body, retries being off), as `503 Service Unavailable`.
 */
function retryableStatus(e: unknown): Error | undefined {
  const status = /Retryable HTTP status: (\d{3})/.exec((e as Error)?.message ?? '')?.[1];
  return status ? new Error(`${status} ${STATUS_CODES[Number(status)] ?? ''}`.trim()) : undefined;
}

function s3Error(e: unknown): S3ResponseError | undefined {
  const err = e as { code?: unknown; message?: string };
  // minio's S3Error, recognised without importing the package eagerly
  if (err && err.constructor?.name === 'S3Error' && typeof err.code === 'string')
    return new S3ResponseError(err.code, err.message ?? err.code);
  return undefined;
}

/** The agent every request goes through: TLS material, proxy, and a handle to cut it all on abort. */
function makeAgent(o: S3Options): HttpAgent | HttpsAgent {
  const tls = {
    // Flux adds the CA to the system pool rather than replacing it
    ...(o.ca ? { ca: [...rootCertificates, o.ca] } : {}),
    ...(o.cert && o.key ? { cert: o.cert, key: o.key } : {}),
  };
  if (o.proxy) return o.insecure ? plainTunnelAgent(o.proxy) : tunnelingAgent(o.proxy, tls);
  return o.insecure ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ ...tls, keepAlive: true });
}

/**
 * Opens an S3 client over the `minio` package (loaded here, on first use, so a manager without
 * Buckets never pays for it). Listing is parsed by tsflux itself: the package's ListObjectsV2
 * parser turns numeric-looking keys into numbers (`007` -> `7`) and its V1 listing stops after one
 * page. Retries are off (the reconcile loop retries with backoff) and every request is cut when
 * `signal` aborts.
 */
export async function openS3Client(o: S3Options): Promise<S3Client> {
  const { Client } = await import('minio');
  const [host, portText] = splitHostPort(o.endpoint);
  const agent = makeAgent(o);
  const onAbort = () => agent.destroy();
  o.signal.addEventListener('abort', onAbort, { once: true });
  const client = new Client({
    endPoint: host,
    port: portText ? Number(portText) : undefined,
    useSSL: !o.insecure,
    region: o.region || undefined,
    accessKey: o.accessKey ?? '',
    secretKey: o.secretKey ?? '',
    transportAgent: agent,
    retryOptions: { disableRetry: true },
  }) as unknown as MinioClient;

  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await abortable(o.signal, work());
    } catch (e: unknown) {
      if (o.signal.aborted) throw abortError(o.signal);
      throw s3Error(e) ?? retryableStatus(e) ?? describeNetworkError(e, o.endpoint);
    }
  };

  return {
    bucketExists: (bucket) => call(() => client.bucketExists(bucket)),
    async listObjects(bucket, prefix) {
      const out: ListedObject[] = [];
      let token = '';
      for (;;) {
        const query = [
          'list-type=2',
          'encoding-type=url',
          `prefix=${encodeQuery(prefix)}`,
          'max-keys=1000',
          ...(token ? [`continuation-token=${encodeQuery(token)}`] : []),
        ]
          .sort()
          .join('&');
        const page = await call(async () => {
          const res = await client.makeRequestAsync({ method: 'GET', bucketName: bucket, query });
          return parseListObjectsV2((await readBody(res)).toString('utf8'));
        });
        out.push(...page.objects);
        if (!page.truncated || !page.nextToken) return out;
        token = page.nextToken;
      }
    },
    async headObject(bucket, key) {
      try {
        return await call(async () => {
          const res = await client.makeRequestAsync({ method: 'HEAD', bucketName: bucket, objectName: key });
          res.resume();
          return String(res.headers.etag ?? '').replace(/^"|"$/g, '');
        });
      } catch (e: unknown) {
        if (e instanceof S3ResponseError && (e.code === 'NoSuchKey' || e.code === 'NotFound'))
          return undefined;
        throw e;
      }
    },
    async getObject(bucket, key) {
      try {
        return await call(async () => {
          const res = await client.makeRequestAsync({ method: 'GET', bucketName: bucket, objectName: key });
          const data = await readBody(res);
          return { data, etag: String(res.headers.etag ?? '').replace(/^"|"$/g, '') };
        });
      } catch (e: unknown) {
        if (e instanceof S3ResponseError && (e.code === 'NoSuchKey' || e.code === 'NotFound'))
          return undefined;
        throw e;
      }
    },
    close() {
      o.signal.removeEventListener('abort', onAbort);
      agent.destroy();
    },
  };
}

/** RFC 3986 query encoding, as SigV4 canonicalises it. */
function encodeQuery(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `host`, `host:port` or `[v6]:port` into host and port text. */
export function splitHostPort(endpoint: string): [string, string | undefined] {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(endpoint);
  if (v6) return [v6[1], v6[2]];
  const i = endpoint.lastIndexOf(':');
  if (i < 0) return [endpoint, undefined];
  return [endpoint.slice(0, i), endpoint.slice(i + 1)];
}
