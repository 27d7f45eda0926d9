import { posix } from 'node:path';
import { type ArchiveEntry, type ExtractLimits, readTarGz } from '../artifact/index.ts';
import { MemoryFS } from '../fs/index.ts';

/**
 * An artifact tarball as an in-memory filesystem, extracted with the hardened reader (no
 * absolute paths, no `..`, no links out of the root, size limits). Symlinks to files inside the
 * archive become copies of their target, since the build only reads. Decompression runs off the
 * event loop.
 */
export async function artifactFileSystem(tgz: Uint8Array, limits?: ExtractLimits): Promise<MemoryFS> {
  return entriesFileSystem(await readTarGz(tgz, limits));
}

/** The entries of an archive as an in-memory filesystem (see {@link artifactFileSystem}). */
export function entriesFileSystem(entries: ArchiveEntry[]): MemoryFS {
  const fs = new MemoryFS();
  const files = new Map<string, Uint8Array>();
  for (const e of entries) if (e.type === 'file') files.set(e.path, e.data);
  // empty directories are left out: a build never reads one
  for (const e of entries) if (e.type === 'file') fs.write(e.path, e.data);
  for (const e of entries) {
    if (e.type !== 'symlink') continue;
    let target = posix.normalize(posix.join(posix.dirname(e.path), e.target));
    // follow a short chain of links between files
    for (let hops = 0; hops < 8 && !files.has(target); hops++) {
      const next = entries.find((x) => x.type === 'symlink' && x.path === target);
      if (next?.type !== 'symlink') break;
      target = posix.normalize(posix.join(posix.dirname(next.path), next.target));
    }
    const data = files.get(target);
    if (data) fs.write(e.path, data);
  }
  return fs;
}
