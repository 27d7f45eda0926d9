import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { FsError, normalizePath, type VirtualFS } from './types.ts';

/**
 * A VirtualFS over a directory on disk, confined to it: `..` above the root is refused, and so is
 * any symlink whose target resolves outside the root (checked on the real path of every access).
 */
export class DiskFS implements VirtualFS {
  private readonly root: string;
  /**
   * Real paths already proven to lie inside the root, reused so a build does not resolve the same
   * path again. An instance is meant for one build of a tree: a file removed after it was seen
   * still counts as existing (reading it then fails as missing), and only checked paths are ever
   * reused, so a later change on disk cannot widen what this instance reads.
   */
  private readonly resolved = new Map<string, string>();

  constructor(root: string) {
    this.root = nodeFs.realpathSync(nodePath.resolve(root));
  }

  /** The real on-disk path of a root-relative path, after proving it stays inside the root. */
  private resolve(path: string): string {
    const rel = normalizePath(path);
    const cached = this.resolved.get(rel);
    if (cached !== undefined) return cached;
    const full = rel === '' ? this.root : nodePath.join(this.root, rel);
    let real: string;
    try {
      real = nodeFs.realpathSync.native(full);
    } catch {
      throw new FsError('NotFound', path, `'${path}' does not exist`);
    }
    const prefix = this.root.endsWith(nodePath.sep) ? this.root : this.root + nodePath.sep;
    if (real !== this.root && !real.startsWith(prefix)) {
      throw new FsError('Escape', path, `path '${path}' resolves outside the root`);
    }
    if (this.resolved.size > 10_000) this.resolved.clear();
    this.resolved.set(rel, real);
    return real;
  }

  readFile(path: string): string {
    return new TextDecoder().decode(this.readBytes(path));
  }

  readBytes(path: string): Uint8Array {
    const real = this.resolve(path);
    try {
      return nodeFs.readFileSync(real);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw new FsError('IsDir', path, `'${path}' is a directory`);
      if (code === 'ENOENT') {
        this.resolved.delete(normalizePath(path));
        throw new FsError('NotFound', path, `'${path}' does not exist`);
      }
      throw e;
    }
  }

  exists(path: string): boolean {
    try {
      this.resolve(path);
      return true;
    } catch (e) {
      if (e instanceof FsError && e.code === 'NotFound') return false;
      throw e;
    }
  }

  isDir(path: string): boolean {
    try {
      return nodeFs.statSync(this.resolve(path)).isDirectory();
    } catch (e) {
      if (e instanceof FsError && e.code === 'NotFound') return false;
      throw e;
    }
  }

  readDir(path: string): string[] {
    const real = this.resolve(path);
    if (!nodeFs.statSync(real).isDirectory())
      throw new FsError('NotDir', path, `'${path}' is not a directory`);
    return nodeFs.readdirSync(real).sort();
  }
}
