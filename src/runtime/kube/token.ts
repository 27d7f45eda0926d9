import { readFileSync } from 'node:fs';
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

  /** The token to send now, if any. */
  value(): string | undefined {
    if (this.access.token) return this.access.token;
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
          throw new Error(`cannot read token file '${file}': ${(e as Error).message}`);
      }
    }
    return this.cached;
  }
}
