import { gunzipLimited } from '../artifact/index.ts';
import { toError } from '../errors/index.ts';
import type { ChartFile } from './chart.ts';

/** Limits on what an archive may expand to (Helm's defaults: 100 MiB per chart, 5 MiB per file). */
export interface ArchiveLimits {
  maxTotalBytes?: number;
  maxFileBytes?: number;
}

const DEFAULT_MAX_TOTAL = 100 * 1024 * 1024;
const DEFAULT_MAX_FILE = 5 * 1024 * 1024;

/**
 * Reads a chart archive (.tgz) into files relative to the chart root, dropping the archive's top
 * directory as Helm does. Hostile archives are refused: absolute paths, `..` segments, links and
 * device entries, and archives or files larger than the limits. Decompression runs on the thread
 * pool.
 */
export async function readChartArchive(tgz: Uint8Array, limits: ArchiveLimits = {}): Promise<ChartFile[]> {
  const maxTotal = limits.maxTotalBytes ?? DEFAULT_MAX_TOTAL;
  let tar: Buffer;
  try {
    tar = await gunzipLimited(tgz, maxTotal + 1024 * 1024);
  } catch (e: unknown) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`decompressed chart is larger than the maximum size ${maxTotal}`);
    throw new Error(`failed to decompress chart archive: ${toError(e).message}`);
  }
  const entries = readTar(tar, limits);
  const files: ChartFile[] = [];
  for (const e of entries) {
    const parts = e.name.split('/');
    if (parts.length < 2) {
      if (parts[0] === 'Chart.yaml') throw new Error('chart yaml not in base directory');
      continue;
    }
    const rel = parts.slice(1).join('/');
    if (rel === '') continue;
    if (rel === 'Chart.yaml' && files.some((f) => f.name === 'Chart.yaml')) continue;
    files.push({ name: rel, data: e.data });
  }
  if (files.length === 0) throw new Error('no files in chart archive');
  return files;
}

/** One regular file of a tar stream. */
interface TarEntry {
  name: string;
  data: Uint8Array;
}

/** Parses a ustar/pax/GNU tar stream, keeping regular files only and checking every name. */
export function readTar(tar: Uint8Array, limits: ArchiveLimits = {}): TarEntry[] {
  const maxTotal = limits.maxTotalBytes ?? DEFAULT_MAX_TOTAL;
  const maxFile = limits.maxFileBytes ?? DEFAULT_MAX_FILE;
  const out: TarEntry[] = [];
  let total = 0;
  let off = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  const dec = new TextDecoder();
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new Error('invalid tar header checksum');
    const field = (start: number, len: number) => {
      const raw = header.subarray(start, start + len);
      const end = raw.indexOf(0);
      return dec.decode(end < 0 ? raw : raw.subarray(0, end));
    };
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 48);
    const magic = field(257, 6);
    let name = field(0, 100);
    const prefix = magic.startsWith('ustar') ? field(345, 155) : '';
    if (prefix) name = `${prefix}/${name}`;
    const dataStart = off + 512;
    if (dataStart + size > tar.length) throw new Error('unexpected end of tar archive');
    const data = tar.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = dec.decode(data).replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      paxPath = parsePax(dec.decode(data)).path ?? paxPath;
      continue;
    }
    if (type === 'g') continue;
    if (longName !== undefined) name = longName;
    if (paxPath !== undefined) name = paxPath;
    longName = undefined;
    paxPath = undefined;
    if (type === '5') continue;
    if (type === '1' || type === '2') throw new Error(`chart archive contains a link: ${name}`);
    if (type !== '0' && type !== '7')
      throw new Error(`chart archive contains an unsupported entry type '${type}': ${name}`);
    const clean = checkName(name);
    if (size > maxFile)
      throw new Error(`decompressed chart file "${clean}" is larger than the maximum file size ${maxFile}`);
    total += size;
    if (total > maxTotal) throw new Error(`decompressed chart is larger than the maximum size ${maxTotal}`);
    out.push({ name: clean, data: new Uint8Array(data) });
  }
  return out;
}

/** Normalises an entry name and refuses absolute paths and parent references. */
function checkName(name: string): string {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n))
    throw new Error(`chart illegally contains absolute paths: ${name}`);
  const parts = n.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new Error(`chart illegally references parent directory: ${name}`);
  return parts.join('/');
}

function parseOctal(b: Uint8Array): number {
  if (b[0] & 0x80) {
    // GNU base-256 size for files over 8 GiB; far over any limit, so just refuse
    throw new Error('tar entry too large');
  }
  const s = new TextDecoder().decode(b).replace(/\0.*$/s, '').trim();
  return s === '' ? 0 : Number.parseInt(s, 8);
}

function checksumOk(h: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return parseOctal(h.subarray(148, 156)) === sum;
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = Number(text.slice(i, sp));
    if (!(len > 0)) break;
    const rec = text.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}
