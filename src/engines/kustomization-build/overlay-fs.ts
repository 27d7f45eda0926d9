import { normalizePath, type VirtualFS } from '../fs/index.ts';

/**
 * A read-only view of a filesystem with some files replaced or added: the Flux pipeline serves
 * its rewritten root kustomization through it without copying or touching the artifact.
 */
export class OverlayFS implements VirtualFS {
  private readonly base: VirtualFS;
  private readonly files = new Map<string, string | Uint8Array>();

  constructor(base: VirtualFS, overrides: Record<string, string | Uint8Array>) {
    this.base = base;
    for (const [path, text] of Object.entries(overrides)) this.files.set(normalizePath(path), text);
  }

  readFile(path: string): string {
    const f = this.files.get(normalizePath(path));
    if (f === undefined) return this.base.readFile(path);
    return typeof f === 'string' ? f : new TextDecoder().decode(f);
  }

  readBytes(path: string): Uint8Array {
    const f = this.files.get(normalizePath(path));
    if (f === undefined) return this.base.readBytes(path);
    return typeof f === 'string' ? new TextEncoder().encode(f) : f;
  }

  exists(path: string): boolean {
    return this.files.has(normalizePath(path)) || this.base.exists(path);
  }

  isDir(path: string): boolean {
    return !this.files.has(normalizePath(path)) && this.base.isDir(path);
  }

  readDir(path: string): string[] {
    const dir = normalizePath(path);
    const names = new Set(this.base.readDir(path));
    for (const file of this.files.keys()) {
      const slash = file.lastIndexOf('/');
      if ((slash < 0 ? '' : file.slice(0, slash)) === dir) names.add(file.slice(slash + 1));
    }
    return [...names].sort();
  }
}
