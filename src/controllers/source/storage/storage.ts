import { lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Artifact } from '../../../api/index.ts';
import { digestHex } from '../../../engines/artifact/index.ts';

/** Retention of old artifacts in one object's directory (Flux's flags and defaults). */
export interface RetentionPolicy {
  /** `--artifact-retention-records`: how many artifacts to keep, newest first; default 2. */
  records: number;
  /** `--artifact-retention-ttl`: older artifacts beyond the newest are removed after this; default 60 s. */
  ttlMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { records: 2, ttlMs: 60_000 };

/**
 * The artifact store of the source controller: files at `<kind>/<namespace>/<name>/<file>` under
 * a root directory, served over HTTP at `http://<advertised address>/<path>`, as Flux lays them
 * out (so a consumer that knows Flux's URLs finds them). Writes are atomic (temporary file, then
 * rename), so a consumer never downloads half an artifact.
 */
export class ArtifactStorage {
  readonly root: string;
  readonly advertisedAddress: string;

  constructor(root: string, advertisedAddress: string) {
    this.root = resolve(root);
    this.advertisedAddress = advertisedAddress;
    mkdirSync(this.root, { recursive: true });
  }

  /** The artifact (path and URL, without content fields) of a file for an object. */
  artifactFor(kind: string, namespace: string, name: string, file: string, revision: string): Artifact {
    const path = [kind.toLowerCase(), namespace, name, file].join('/');
    return {
      path,
      url: `http://${this.advertisedAddress}/${path}`,
      revision,
      digest: '',
      lastUpdateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
  }

  /** The absolute local path of an artifact, refusing any path that would leave the root. */
  localPath(artifact: Pick<Artifact, 'path'>): string {
    const p = resolve(this.root, artifact.path);
    if (p !== this.root && !p.startsWith(this.root + sep))
      throw new Error(`artifact path '${artifact.path}' is outside the storage root`);
    return p;
  }

  /**
   * Writes the content of an artifact atomically and fills its digest, size and update time.
   * Writing and hashing both run off the event loop: artifacts can be tens of MiB.
   */
  async write(artifact: Artifact, data: Uint8Array): Promise<Artifact> {
    const file = this.localPath(artifact);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
    const [digest] = await Promise.all([digestHex('sha256', data), writeFile(tmp, data)]).catch(
      async (e: unknown) => {
        await rm(tmp, { force: true });
        throw e;
      },
    );
    await rename(tmp, file);
    return {
      ...artifact,
      digest: `sha256:${digest}`,
      size: data.byteLength,
      lastUpdateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
  }

  /** Tells whether the artifact's file exists and still has the recorded digest. */
  async verify(artifact: Artifact): Promise<boolean> {
    try {
      const data = await readFile(this.localPath(artifact));
      return `sha256:${await digestHex('sha256', data)}` === artifact.digest;
    } catch {
      return false;
    }
  }

  /**
   * Removes old artifacts beside `current` in its directory: everything beyond the newest
   * `records`, and anything but `current` older than the TTL. Returns the removed paths.
   */
  garbageCollect(current: Pick<Artifact, 'path'>, policy: RetentionPolicy = DEFAULT_RETENTION): string[] {
    const file = this.localPath(current);
    const dir = dirname(file);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const now = Date.now();
    const files = names
      // symbolic links (`index.yaml`, `latest.tar.gz`) are status URLs, not artifacts
      .filter((n) => !n.includes('.tmp-') && !lstatSync(join(dir, n)).isSymbolicLink())
      .map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    const removed: string[] = [];
    files.forEach((f, i) => {
      if (f.path === file) return;
      if (i >= policy.records || now - f.mtime > policy.ttlMs) {
        rmSync(f.path, { force: true });
        removed.push(relative(this.root, f.path).split(sep).join('/'));
      }
    });
    return removed;
  }

  /** Removes every artifact of an object (on deletion of the object). */
  removeAll(kind: string, namespace: string, name: string): void {
    rmSync(join(this.root, kind.toLowerCase(), namespace, name), { recursive: true, force: true });
  }
}
