import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { stringify } from 'yaml';
import { registryBinary } from './binaries.ts';
import type { HttpTlsOptions } from './http-server.ts';
import { type OciTokenServer, startOciTokenServer } from './oci-token-server.ts';
import { LOOPBACK, makeTempDir, removeTempDir, spawnServer, startWithFreePort } from './process.ts';
import { createTestTls, type TestTls } from './tls.ts';

/** Options of {@link startOciRegistry}; at most one of `basicAuth` and `tokenAuth`. */
export interface OciRegistryOptions {
  /** htpasswd auth (bcrypt) with one account. */
  basicAuth?: { username: string; password: string };
  /**
   * Bearer token auth: a token server of ours is started too; `users` may push and pull,
   * anonymous clients may pull when `anonymousPull` is set.
   */
  tokenAuth?: { users: Record<string, string>; anonymousPull?: boolean };
  /** Serve HTTPS with generated certificates (and optionally require a client certificate). */
  tls?: HttpTlsOptions;
}

/** A running CNCF distribution registry. */
export interface OciRegistry {
  port: number;
  /** `127.0.0.1:<port>`: the registry part of an image reference (`oci://<host>/repo:tag`). */
  host: string;
  /** `http(s)://127.0.0.1:<port>`. */
  url: string;
  tls?: TestTls;
  /** Present with `tokenAuth`: the realm server and what it granted. */
  tokenServer?: OciTokenServer;
  dataDir: string;
  stop(): Promise<void>;
}

/** The `service` the registry names in bearer challenges and expects as the token's audience. */
export const REGISTRY_TOKEN_SERVICE = 'tsflux-test-registry';
const TOKEN_ISSUER = 'tsflux-test-token-issuer';

/**
 * Starts the real CNCF distribution registry (v3, built once from Go modules) on loopback with a
 * generated config: filesystem storage in a temp dir, deletes enabled, and optionally htpasswd
 * basic auth, token auth through {@link startOciTokenServer}, TLS and mutual TLS.
 */
export async function startOciRegistry(options: OciRegistryOptions = {}): Promise<OciRegistry> {
  if (options.basicAuth && options.tokenAuth) throw new Error('choose one of basicAuth and tokenAuth');
  const binary = await registryBinary();
  const dir = makeTempDir('oci-registry');
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  let tokenServer: OciTokenServer | undefined;
  try {
    const auth: Record<string, unknown> = {};
    if (options.basicAuth) {
      const { username, password } = options.basicAuth;
      writeFileSync(join(dir, 'htpasswd'), `${username}:${bcrypt.hashSync(password, 5)}\n`);
      auth.htpasswd = { realm: 'tsflux-test-registry', path: join(dir, 'htpasswd') };
    }
    if (options.tokenAuth) {
      tokenServer = await startOciTokenServer({
        service: REGISTRY_TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        ...options.tokenAuth,
      });
      writeFileSync(join(dir, 'token-ca.crt'), tokenServer.rootCertificate);
      auth.token = {
        realm: tokenServer.realm,
        service: REGISTRY_TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        rootcertbundle: join(dir, 'token-ca.crt'),
      };
    }
    const tls = options.tls ? createTestTls('oci-registry') : undefined;
    const httpTls: Record<string, unknown> | undefined = tls && {
      certificate: join(dir, 'server.crt'),
      key: join(dir, 'server.key'),
      ...(options.tls?.requireClientCertificate ? { clientcas: [join(dir, 'ca.crt')] } : {}),
    };
    if (tls) {
      writeFileSync(join(dir, 'server.crt'), tls.server.cert);
      writeFileSync(join(dir, 'server.key'), tls.server.key);
      writeFileSync(join(dir, 'ca.crt'), tls.ca);
    }
    const config = (port: number) => ({
      version: 0.1,
      log: { level: 'warn', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: dataDir }, delete: { enabled: true } },
      http: {
        addr: `${LOOPBACK}:${port}`,
        secret: randomBytes(16).toString('hex'),
        ...(httpTls ? { tls: httpTls } : {}),
      },
      ...(Object.keys(auth).length ? { auth } : {}),
    });
    const configPath = join(dir, 'config.yml');
    const { port, server } = await startWithFreePort((p) => {
      writeFileSync(configPath, stringify(config(p)));
      // OTEL_TRACES_EXPORTER=none: the registry would otherwise try to export traces
      return spawnServer(binary, ['serve', configPath], {
        env: { PATH: process.env.PATH, HOME: dir, OTEL_TRACES_EXPORTER: 'none' },
      });
    });
    return {
      port,
      host: `${LOOPBACK}:${port}`,
      url: `${tls ? 'https' : 'http'}://${LOOPBACK}:${port}`,
      tls,
      tokenServer,
      dataDir,
      async stop() {
        await server.stop();
        await tokenServer?.stop();
        removeTempDir(dir);
      },
    };
  } catch (e: unknown) {
    await tokenServer?.stop();
    removeTempDir(dir);
    throw e;
  }
}
