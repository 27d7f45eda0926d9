/**
 * The content hash source-watcher names generated artifact files with (`<hash>.tar.gz`): Go's
 * `dirhash` over the staged files, each listed as `<adler32 hex>  <artifact name>/<path>` in byte
 * order, the list hashed again with Adler-32 and printed in decimal.
 */
import { byteOrder, type FileTree } from './tree.ts';

/** Adler-32 of some bytes (zlib's checksum). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const MOD = 65521;
  // 5552 is the largest block for which the sums cannot overflow before the modulo
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/** The decimal content hash of a staged artifact named `name`. */
export function contentHash(name: string, tree: FileTree): string {
  const lines = [...tree.files.keys()]
    .map((p) => `${name}/${p}`)
    .sort(byteOrder)
    .map((p) => {
      if (p.includes('\n')) throw new Error('filenames with newlines are not supported');
      const file = tree.files.get(p.slice(name.length + 1));
      return `${adler32(file?.data ?? new Uint8Array()).toString(16)}  ${p}\n`;
    })
    .join('');
  return String(adler32(Buffer.from(lines)));
}
