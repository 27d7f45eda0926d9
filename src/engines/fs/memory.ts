import { FsError, normalizePath, type VirtualFS } from './types.ts';

/**
 * An in-memory VirtualFS built from a map of path to content. Directories are implied by the
 * file paths; there is no way to name anything outside the map, so nothing can escape.
 */
export class MemoryFS implements VirtualFS {
  private readonly files = new Map<string, Uint8Array | string>();
  private readonly dirs = new Set<string>(['']);

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  /** Adds or replaces a file, creating its parent directories. */
  write(path: string, content: string | Uint8Array): void {
    const p = normalizePath(path);
    this.files.set(p, content);
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) this.dirs.add(parts.slice(0, i).join('/'));
  }

  private get(path: string): Uint8Array | string {
    const p = normalizePath(path);
    const f = this.files.get(p);
    if (f !== undefined) return f;
    if (this.dirs.has(p)) throw new FsError('IsDir', path, `'${path}' is a directory`);
    throw new FsError('NotFound', path, `'${path}' does not exist`);
  }

  readFile(path: string): string {
    const f = this.get(path);
    return typeof f === 'string' ? f : new TextDecoder().decode(f);
  }

  readBytes(path: string): Uint8Array {
    const f = this.get(path);
    return typeof f === 'string' ? new TextEncoder().encode(f) : f;
  }

  exists(path: string): boolean {
    const p = normalizePath(path);
    return this.files.has(p) || this.dirs.has(p);
  }

  isDir(path: string): boolean {
    return this.dirs.has(normalizePath(path));
  }

  readDir(path: string): string[] {
    const p = normalizePath(path);
    if (!this.dirs.has(p)) throw new FsError('NotDir', path, `'${path}' is not a directory`);
    const prefix = p === '' ? '' : `${p}/`;
    const names = new Set<string>();
    for (const key of [...this.files.keys(), ...this.dirs]) {
      if (key !== p && key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }
}
