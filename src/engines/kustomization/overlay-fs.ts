import { normalizePath, type VirtualFS } from '../fs/index.ts';

/**
 * A read-only view of a filesystem with some files replaced or added: the Flux pipeline serves
 * its rewritten root kustomization through it without copying or touching the artifact.
 */
export class OverlayFS implements VirtualFS {
  private readonly base: VirtualFS;
  private readonly files = new Map<string, string>();

  constructor(base: VirtualFS, overrides: Record<string, string>) {
    this.base = base;
    for (const [path, text] of Object.entries(overrides)) this.files.set(normalizePath(path), text);
  }

  readFile(path: string): string {
    return this.files.get(normalizePath(path)) ?? this.base.readFile(path);
  }

  readBytes(path: string): Uint8Array {
    const text = this.files.get(normalizePath(path));
    return text === undefined ? this.base.readBytes(path) : new TextEncoder().encode(text);
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
