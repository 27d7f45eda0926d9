// Hostile archives built in milliseconds: gzip allows members to be concatenated, and every
// reader (Go's, Node's) decompresses them as one stream, so a gigabyte of zeros is one small
// compressed MiB repeated, behind a tar header that announces the whole size.
import { gzipSync } from 'node:zlib';

const MiB = 1024 * 1024;

/** A ustar header of a regular file `name` of `size` bytes. */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  const fields: [number, string][] = [
    [0, name],
    [100, '0000644\0'],
    [108, '0000000\0'],
    [116, '0000000\0'],
    [124, `${size.toString(8).padStart(11, '0')}\0`],
    [136, '00000000000\0'],
    [148, '        '],
    [156, '0'],
    [257, 'ustar\0'],
    [263, '00'],
  ];
  for (const [at, text] of fields) h.write(text, at);
  const sum = h.reduce((a, b) => a + b, 0);
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** A tar.gz holding one file `name` of `mib` MiB of zeros, about a thousandth of that compressed. */
export function zerosTarGz(name: string, mib: number): Buffer {
  const zeros = gzipSync(Buffer.alloc(MiB), { level: 9 });
  return Buffer.concat([
    gzipSync(tarHeader(name, mib * MiB)),
    ...Array.from({ length: mib }, () => zeros),
    gzipSync(Buffer.alloc(1024)),
  ]);
}
