import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { FsError, normalizePath, type VirtualFS } from './types.ts';

/**
 * A VirtualFS over a directory on disk, confined to it: `..` above the root is refused, and so is
 * any symlink whose target resolves outside the root (checked on the real path of every access).
 */
export class DiskFS implements VirtualFS {
  private readonly root: string;

  constructor(root: string) {
    this.root = nodeFs.realpathSync(nodePath.resolve(root));
  }

  /** The real on-disk path of a root-relative path, after proving it stays inside the root. */
  private resolve(path: string): string {
    const rel = normalizePath(path);
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
    return real;
  }

  readFile(path: string): string {
    return new TextDecoder().decode(this.readBytes(path));
  }

  readBytes(path: string): Uint8Array {
    const real = this.resolve(path);
    if (nodeFs.statSync(real).isDirectory()) throw new FsError('IsDir', path, `'${path}' is a directory`);
    return nodeFs.readFileSync(real);
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
