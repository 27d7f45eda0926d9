import { gzipParts } from './chunks.ts';

/** One file to put in an artifact archive, with a path relative to the archive root. */
export interface ArchiveFile {
  path: string;
  data: Uint8Array;
  /** Whether the executable bit is set; everything else about the mode is normalised. */
  executable?: boolean;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mode: number, type: '0' | 'x'): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136); // mtime: the epoch, so identical content gives identical bytes
  h.write('        ', 148); // checksum placeholder
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (`${len}${body}`.length !== len) len = `${len}${body}`.length;
  return `${len}${body}`;
}

function pad(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/**
 * Writes a deterministic tar.gz: entries sorted by path, owners, groups and times zeroed, modes
 * normalised to 0644 / 0755. The same files always give the same bytes, hence the same digest, so
 * an unchanged source never produces a "new" artifact. Paths longer than 100 bytes use a PAX
 * header, as Go's archive/tar does. The tar stream is compressed as it is produced, on the thread
 * pool, and never held whole in memory.
 */
export async function createTarGz(files: ArchiveFile[]): Promise<Buffer> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Buffer[] = [];
  for (const f of sorted) {
    const name = f.path.replace(/^\.?\/+/, '');
    if (Buffer.byteLength(name) > 100) {
      const pax = Buffer.from(paxRecord('path', name));
      parts.push(header('PaxHeaders/long', pax.length, 0o644, 'x'), pax, pad(pax.length));
    }
    const data = Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);
    parts.push(header(name, data.length, f.executable ? 0o755 : 0o644, '0'), data, pad(data.length));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  // a fixed compression level and no file name or time in the gzip header keep the bytes stable
  return gzipParts(parts, 6);
}
