import { toError } from '../../../engines/errors/index.ts';
import { IgnoreMatcher } from '../../../engines/ignore/index.ts';
import { EtagIndex } from './etag-index.ts';
import type { S3Client } from './s3-client.ts';
import { readSourceIgnore, SOURCE_IGNORE_KEY } from './source-ignore-cache.ts';

const message = (e: unknown) => toError(e).message;

/** The listing of a Bucket after its ignore rules, and the root `.sourceignore` if any. */
export interface IndexedBucket {
  index: EtagIndex;
  sourceIgnore?: Buffer;
}

/**
 * The ignore rules of a Bucket as Flux builds them: the root `.sourceignore` object, then
 * `spec.ignore` (so it can re-include with `!`). Unlike a GitRepository, no default exclusions
 * apply: Flux's Bucket reconciler reads only these two.
 */
export function bucketIgnoreMatcher(
  sourceIgnore: string | undefined,
  specIgnore: string | undefined,
): IgnoreMatcher {
  const m = new IgnoreMatcher();
  if (sourceIgnore) m.add(sourceIgnore);
  if (specIgnore) m.add(specIgnore);
  return m;
}

/**
 * Flux's `fetchEtagIndex`: confirm the bucket exists, read the ignore rules, then list every
 * object under `prefix` into key -> ETag, leaving out "directory" keys (ending in `/`), the root
 * `.sourceignore` itself and ignored keys. Errors carry Flux's messages.
 */
export async function indexBucket(
  client: S3Client,
  options: { bucket: string; prefix?: string; ignore?: string; cacheKey: string },
): Promise<IndexedBucket> {
  const { bucket } = options;
  let exists: boolean;
  try {
    exists = await client.bucketExists(bucket);
  } catch (e: unknown) {
    throw new Error(`failed to confirm existence of '${bucket}' bucket: ${message(e)}`, { cause: e });
  }
  if (!exists) throw new Error(`bucket '${bucket}' not found`);

  let ignoreFile: { content: Buffer } | undefined;
  try {
    ignoreFile = await readSourceIgnore(client, bucket, options.cacheKey);
  } catch (e: unknown) {
    throw new Error(`failed to get Etag for '${SOURCE_IGNORE_KEY}' object: ${message(e)}`, { cause: e });
  }
  const matcher = bucketIgnoreMatcher(ignoreFile?.content.toString('utf8'), options.ignore);

  const index = new EtagIndex();
  let listed: { key: string; etag: string }[];
  try {
    listed = await client.listObjects(bucket, options.prefix ?? '');
  } catch (e: unknown) {
    throw new Error(
      `indexation of objects from bucket '${bucket}' failed: listing objects from bucket '${bucket}' failed: ${message(e)}`,
      { cause: e },
    );
  }
  for (const { key, etag } of listed) {
    if (key.endsWith('/') || key === SOURCE_IGNORE_KEY) continue;
    if (matcher.ignores(key)) continue;
    index.set(key, etag);
  }
  return { index, sourceIgnore: ignoreFile?.content };
}
