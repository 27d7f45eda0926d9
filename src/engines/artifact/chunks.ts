import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createGunzip, createGzip, type Gunzip, type Gzip } from 'node:zlib';

/**
 * Large buffers without long stalls. Allocating and filling one 50 MiB buffer costs a few hundred
 * milliseconds on a small machine, and every controller shares the thread: so archives are
 * (de)compressed as streams on the thread pool, and joined or copied a few MiB at a time, letting
 * other work run in between.
 */

/** How many bytes are copied between two yields to the event loop. */
const SLICE = 4 * 1024 * 1024;
/** zlib's unit of work on the thread pool: the default 16 KiB means thousands of round trips. */
const ZLIB_CHUNK = 1024 * 1024;
/** Parts smaller than this are batched into one write (tar headers and padding are 512 bytes). */
const SMALL_PART = 64 * 1024;

/** Counts copied bytes and yields to the event loop after each {@link SLICE}. */
export class YieldingCopier {
  #sinceYield = 0;

  /** Records that `bytes` were just processed; yields when a slice is complete. */
  async advance(bytes: number): Promise<void> {
    this.#sinceYield += bytes;
    if (this.#sinceYield < SLICE) return;
    this.#sinceYield = 0;
    await yieldToLoop();
  }

  /** A copy of `data` (so the source buffer can be freed), counted towards the slice. */
  async copy(data: Uint8Array): Promise<Uint8Array> {
    const out = new Uint8Array(data);
    await this.advance(data.byteLength);
    return out;
  }
}

/** One buffer holding `chunks` in order, filled a slice at a time. */
export async function joinChunks(chunks: readonly Uint8Array[]): Promise<Buffer> {
  if (chunks.length === 1) return Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength);
  const out = Buffer.allocUnsafe(chunks.reduce((n, c) => n + c.byteLength, 0));
  const copier = new YieldingCopier();
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
    await copier.advance(c.byteLength);
  }
  return out;
}

/**
 * The whole of a stream of chunks (an HTTP response body, say) as one buffer, joined a slice at a
 * time: `Response.arrayBuffer()` joins a large body in one go.
 */
export async function readChunks(stream: AsyncIterable<Uint8Array> | null): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (stream) for await (const chunk of stream) chunks.push(chunk);
  return joinChunks(chunks);
}

/** Reads a zlib stream to its end, refusing more than `maxBytes` of output. */
async function drain(stream: Gzip | Gunzip, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      stream.destroy();
      throw Object.assign(new RangeError(`output larger than ${maxBytes} bytes`), {
        code: 'ERR_BUFFER_TOO_LARGE',
      });
    }
    chunks.push(chunk);
  }
  return joinChunks(chunks);
}

/**
 * Gzips `parts` as one stream (the same bytes as compressing their concatenation at once)
 * without ever concatenating them.
 */
export async function gzipParts(parts: Iterable<Uint8Array>, level: number): Promise<Buffer> {
  const gz = createGzip({ level, chunkSize: ZLIB_CHUNK });
  const out = drain(gz);
  // an error surfaces through `out`; writes after it are ignored
  out.catch(() => {});
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        gz.off('drain', done);
        gz.off('close', done);
        resolve();
      };
      gz.on('drain', done);
      gz.on('close', done);
    });
  const write = async (chunk: Uint8Array) => {
    if (chunk.byteLength > 0 && !gz.write(chunk)) await writable();
  };
  let small: Uint8Array[] = [];
  let smallBytes = 0;
  const flushSmall = async () => {
    const batch = small.length === 1 ? small[0] : Buffer.concat(small);
    small = [];
    smallBytes = 0;
    await write(batch);
  };
  for (const part of parts) {
    if (part.byteLength >= SMALL_PART) {
      await flushSmall();
      await write(part);
      continue;
    }
    small.push(part);
    smallBytes += part.byteLength;
    if (smallBytes >= SMALL_PART) await flushSmall();
  }
  await flushSmall();
  gz.end();
  return out;
}

/**
 * Gunzips `tgz` on the thread pool. Output beyond `maxBytes` is refused with an error whose
 * `code` is `ERR_BUFFER_TOO_LARGE`, as zlib's own `maxOutputLength` reports it.
 */
export async function gunzipLimited(tgz: Uint8Array, maxBytes: number): Promise<Buffer> {
  const gunzip = createGunzip({ chunkSize: ZLIB_CHUNK });
  const out = drain(gunzip, maxBytes);
  gunzip.end(tgz);
  return out;
}
