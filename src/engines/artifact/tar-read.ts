import { posix } from 'node:path';
import { toError } from '../errors/index.ts';
import { gunzipLimited, YieldingCopier } from './chunks.ts';

/** One entry of an archive after validation. */
export type ArchiveEntry =
  | { type: 'file'; path: string; data: Uint8Array; executable: boolean }
  | { type: 'dir'; path: string }
  | { type: 'symlink'; path: string; target: string };

/** Limits on what an untrusted archive may expand to. */
export interface ExtractLimits {
  /** Total uncompressed bytes of all files; default 100 MiB. */
  maxBytes?: number;
  /** Bytes of one file; default the total limit. */
  maxFileBytes?: number;
  /** Number of entries; default 100,000. */
  maxEntries?: number;
}

/** Why an archive was refused; the message names the entry and the rule it broke. */
export class UnsafeArchiveError extends Error {
  override name = 'UnsafeArchiveError';
}

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Validates an entry path: relative, no `..` segment, normalised. Returns the clean path or
 * throws {@link UnsafeArchiveError}.
 */
export function safeEntryPath(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name))
    throw new UnsafeArchiveError(`archive entry '${raw}' has an absolute path`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..'))
    throw new UnsafeArchiveError(`archive entry '${raw}' points outside the root with '..'`);
  return parts.join('/');
}

/** Tells whether a symlink at `linkPath` with `target` resolves inside the archive root. */
function linkStaysInside(linkPath: string, target: string): boolean {
  if (target.startsWith('/')) return false;
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target));
  return resolved !== '..' && !resolved.startsWith('../');
}

/**
 * Reads an untrusted tar.gz (ustar, PAX, GNU long names) into validated entries. Refuses
 * absolute paths, `..`, symlinks resolving outside the root, hard links, devices, and archives
 * exceeding the limits (checked while decompressing, so a gzip bomb is stopped early).
 * Decompression runs on the thread pool, and large content is copied a slice at a time, so a big
 * archive never holds the event loop for long.
 */
export async function readTarGz(tgz: Uint8Array, limits: ExtractLimits = {}): Promise<ArchiveEntry[]> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFile = limits.maxFileBytes ?? maxBytes;
  const maxEntries = limits.maxEntries ?? 100_000;
  let tar: Buffer;
  try {
    // headers and padding add up to two blocks per entry on top of the content; bounded, so that a
    // bomb never decompresses far past the limit
    tar = await gunzipLimited(tgz, maxBytes + Math.min(1024 * (maxEntries + 2), 32 * 1024 * 1024));
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UnsafeArchiveError(`archive expands beyond the size limit of ${maxBytes} bytes`);
    }
    throw new UnsafeArchiveError(`archive is not valid gzip: ${toError(e).message}`);
  }
  const entries: ArchiveEntry[] = [];
  const copier = new YieldingCopier();
  const dec = new TextDecoder();
  let total = 0;
  let off = 0;
  let pendingName: string | undefined;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (start: number, len: number) => {
      const raw = h.subarray(start, start + len);
      const end = raw.indexOf(0);
      return dec.decode(end < 0 ? raw : raw.subarray(0, end));
    };
    const num = (start: number, len: number) => {
      if (h[start] & 0x80) throw new UnsafeArchiveError('archive entry size is beyond any limit');
      const s = str(start, len).trim();
      return s ? Number.parseInt(s, 8) : 0;
    };
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (num(148, 8) !== sum)
      throw new UnsafeArchiveError('archive has a corrupt tar header (checksum mismatch)');
    const size = num(124, 12);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = str(257, 6).startsWith('ustar') ? str(345, 155) : '';
    let name = prefix ? `${prefix}/${str(0, 100)}` : str(0, 100);
    const start = off + 512;
    if (start + size > tar.length) throw new UnsafeArchiveError('archive is truncated');
    const data = tar.subarray(start, start + size);
    off = start + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      pendingName = dec.decode(data).replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(dec.decode(data));
      if (path) pendingName = path[1];
      continue;
    }
    if (type === 'g') continue;
    if (pendingName !== undefined) name = pendingName;
    pendingName = undefined;
    if (entries.length >= maxEntries)
      throw new UnsafeArchiveError(`archive has more than ${maxEntries} entries`);
    const path = safeEntryPath(name);
    if (path === '') continue;
    if (type === '5') {
      entries.push({ type: 'dir', path });
    } else if (type === '2') {
      const target = str(157, 100);
      if (!linkStaysInside(path, target))
        throw new UnsafeArchiveError(`archive entry '${name}' is a symlink to '${target}', outside the root`);
      entries.push({ type: 'symlink', path, target });
    } else if (type === '0' || type === '7') {
      if (size > maxFile)
        throw new UnsafeArchiveError(
          `archive entry '${name}' is ${size} bytes, over the limit of ${maxFile}`,
        );
      total += size;
      if (total > maxBytes)
        throw new UnsafeArchiveError(`archive expands beyond the size limit of ${maxBytes} bytes`);
      entries.push({
        type: 'file',
        path,
        data: await copier.copy(data),
        executable: (num(100, 8) & 0o111) !== 0,
      });
    } else {
      throw new UnsafeArchiveError(
        `archive entry '${name}' has unsupported type '${type}' (links and devices are refused)`,
      );
    }
  }
  return entries;
}
