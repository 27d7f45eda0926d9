import type { S3Client } from './s3-client.ts';

/** The name of the ignore file Flux reads from the root of a bucket. */
export const SOURCE_IGNORE_KEY = '.sourceignore';

interface Cached {
  etag: string;
  content: Buffer;
}

const cache = new Map<string, Cached>();

/**
 * The bucket's root `.sourceignore` (undefined when there is none). Flux downloads it on every
 * reconcile; tsflux asks for its ETag with a HEAD and downloads it only when the ETag differs from
 * the copy it kept for this Bucket, so an unchanged bucket costs no GetObject at all.
 */
export async function readSourceIgnore(
  client: S3Client,
  bucket: string,
  cacheKey: string,
): Promise<{ etag: string; content: Buffer } | undefined> {
  const etag = await client.headObject(bucket, SOURCE_IGNORE_KEY);
  if (etag === undefined) {
    cache.delete(cacheKey);
    return undefined;
  }
  const kept = cache.get(cacheKey);
  if (kept && etag && kept.etag === etag) return kept;
  const got = await client.getObject(bucket, SOURCE_IGNORE_KEY);
  if (!got) {
    cache.delete(cacheKey);
    return undefined;
  }
  const fresh = { etag: got.etag, content: got.data };
  cache.set(cacheKey, fresh);
  return fresh;
}

/** Forgets a Bucket's kept `.sourceignore` (the object was deleted). */
export function forgetSourceIgnore(cacheKey: string): void {
  cache.delete(cacheKey);
}
