import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { toError } from '../../engines/errors/index.ts';
import type { ClusterAccess } from './kubeconfig.ts';

const REREAD_MS = 60_000;

/**
 * The bearer token of a {@link ClusterAccess}: the inline token, or the content of `tokenFile`
 * re-read at most once a minute, because kubelet rotates projected service account tokens in place.
 */
export class BearerToken {
  private readonly access: ClusterAccess;
  private cached?: string;
  private readAt = 0;

  constructor(access: ClusterAccess) {
    this.access = access;
  }

  private execToken?: { token: string; expiresAt: number };

  /**
   * Runs the kubeconfig's exec credential plugin (as kubectl does: KUBERNETES_EXEC_INFO set, no
   * interaction) and caches its token until a minute before it expires.
   */
  private fromExec(): string {
    const exec = this.access.exec!;
    if (this.execToken && Date.now() < this.execToken.expiresAt) return this.execToken.token;
    let out: string;
    try {
      out = execFileSync(exec.command, exec.args, {
        cwd: exec.dir,
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ...exec.env,
          KUBERNETES_EXEC_INFO: JSON.stringify({
            apiVersion: exec.apiVersion,
            kind: 'ExecCredential',
            spec: { interactive: false },
          }),
        },
      });
    } catch (e: unknown) {
      const stderr = String((e as { stderr?: string }).stderr ?? '')
        .trim()
        .split('\n')[0];
      throw new Error(`exec credential plugin '${exec.command}' failed${stderr ? `: ${stderr}` : ''}`);
    }
    let status: { token?: string; expirationTimestamp?: string; clientCertificateData?: string } | undefined;
    try {
      status = (JSON.parse(out) as { status?: typeof status }).status;
    } catch {
      throw new Error(`exec credential plugin '${exec.command}' did not print an ExecCredential`);
    }
    if (!status?.token) {
      throw new Error(
        status?.clientCertificateData
          ? `exec credential plugin '${exec.command}' returned a client certificate; only tokens are supported`
          : `exec credential plugin '${exec.command}' returned no token`,
      );
    }
    const expires = status.expirationTimestamp
      ? Date.parse(status.expirationTimestamp) - 60_000
      : Number.POSITIVE_INFINITY;
    this.execToken = { token: status.token, expiresAt: expires };
    return status.token;
  }

  /** The token to send now, if any. */
  value(): string | undefined {
    if (this.access.token) return this.access.token;
    if (this.access.exec) return this.fromExec();
    const file = this.access.tokenFile;
    if (!file) return undefined;
    const now = Date.now();
    if (this.cached === undefined || now - this.readAt > REREAD_MS) {
      try {
        this.cached = readFileSync(file, 'utf8').trim();
        this.readAt = now;
      } catch (e: unknown) {
        // keep the last good token: a rotation may replace the file non-atomically
        if (this.cached === undefined)
          throw new Error(`cannot read token file '${file}': ${toError(e).message}`);
      }
    }
    return this.cached;
  }
}
