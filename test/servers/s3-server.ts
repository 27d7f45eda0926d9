import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { minioBinary } from './binaries.ts';
import { rawRequest } from './oci-client.ts';
import { freePort, LOOPBACK, makeTempDir, removeTempDir, spawnServer, startWithFreePort } from './process.ts';
import { createBucket, deleteObject, putObject, type S3Credentials } from './s3-client.ts';
import { createTestTls, type TestTls } from './tls.ts';

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  /** Default a random access key. */
  accessKey?: string;
  /** Default a random secret key (MinIO wants at least 8 characters). */
  secretKey?: string;
  /** Serve HTTPS with generated certificates. */
  tls?: boolean;
}

/** A running MinIO server and helpers to fill it. */
export interface S3Server extends S3Credentials {
  port: number;
  /** `127.0.0.1:<port>`: the `spec.endpoint` of a Flux Bucket (no scheme). */
  endpoint: string;
  region: string;
  tls?: TestTls;
  dataDir: string;
  createBucket(bucket: string): Promise<void>;
  /** Uploads one object; returns its ETag. */
  putObject(bucket: string, key: string, body: Buffer | string, contentType?: string): Promise<string>;
  /** Uploads several objects: key to content. */
  putObjects(bucket: string, objects: Record<string, Buffer | string>): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts MinIO (built once from Go modules) on loopback with a temp data dir and the given or
 * random root credentials, optionally over TLS. The console, update checks and telemetry are off.
 * Resolves once MinIO reports itself ready.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const binary = await minioBinary();
  const dir = makeTempDir('s3');
  const dataDir = join(dir, 'data');
  const certsDir = join(dir, 'certs');
  mkdirSync(dataDir);
  mkdirSync(join(certsDir, 'CAs'), { recursive: true });
  const accessKey = options.accessKey ?? `ak${randomBytes(6).toString('hex')}`;
  const secretKey = options.secretKey ?? randomBytes(16).toString('hex');
  const tls = options.tls ? createTestTls('s3') : undefined;
  if (tls) {
    // MinIO serves HTTPS when its certs dir holds public.crt and private.key
    writeFileSync(join(certsDir, 'public.crt'), tls.server.cert);
    writeFileSync(join(certsDir, 'private.key'), tls.server.key);
  }
  try {
    // the console is off (MINIO_BROWSER) but MinIO still wants an address for it
    const consolePort = await freePort();
    const { port, server } = await startWithFreePort((p) => {
      return spawnServer(
        binary,
        [
          'server',
          dataDir,
          '--quiet',
          '--address',
          `${LOOPBACK}:${p}`,
          '--console-address',
          `${LOOPBACK}:${consolePort}`,
          '--certs-dir',
          certsDir,
        ],
        {
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            MINIO_ROOT_USER: accessKey,
            MINIO_ROOT_PASSWORD: secretKey,
            MINIO_BROWSER: 'off',
            MINIO_UPDATE: 'off',
            MINIO_CALLHOME_ENABLE: 'off',
          },
        },
      );
    }, 30_000);
    const url = `${tls ? 'https' : 'http'}://${LOOPBACK}:${port}`;
    await waitReady(url, tls?.ca, server.output);
    const creds: S3Credentials = { url, accessKey, secretKey, region: 'us-east-1', ca: tls?.ca };
    return {
      ...creds,
      region: 'us-east-1',
      port,
      endpoint: `${LOOPBACK}:${port}`,
      tls,
      dataDir,
      createBucket: (bucket) => createBucket(creds, bucket),
      putObject: (bucket, key, body, type) => putObject(creds, bucket, key, body, type),
      async putObjects(bucket, objects) {
        for (const [key, body] of Object.entries(objects)) await putObject(creds, bucket, key, body);
      },
      deleteObject: (bucket, key) => deleteObject(creds, bucket, key),
      async stop() {
        await server.stop();
        removeTempDir(dir);
      },
    };
  } catch (e: unknown) {
    removeTempDir(dir);
    throw e;
  }
}

/** Polls MinIO's readiness endpoint: it listens before its object layer is initialised. */
async function waitReady(url: string, ca: string | undefined, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await rawRequest('GET', `${url}/minio/health/ready`, { ca }).catch(() => undefined);
    if (res?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`minio is not ready after 30 s: ${output().slice(-1000)}`);
    await sleep(50);
  }
}
