import type { IncomingMessage } from 'node:http';

/** The largest request body the event and receiver servers read (Flux's servers cap theirs too). */
export const MaxBodyBytes = 3 * 1024 * 1024;

/** A request body over {@link MaxBodyBytes}: answered 413 without reading the rest. */
export class BodyTooLargeError extends Error {}

/**
 * Reads a request body up to `limit` bytes; throws {@link BodyTooLargeError} as soon as it is
 * exceeded (by Content-Length or while streaming), so a client cannot make the process buffer an
 * unbounded body.
 */
export async function readBody(req: IncomingMessage, limit = MaxBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(`request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(`request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
