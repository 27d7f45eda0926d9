import type { ArchiveFile } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { Logger } from '../../../runtime/logging/index.ts';
import type { EtagIndex } from './etag-index.ts';
import type { S3Client } from './s3-client.ts';

/**
 * How many objects are downloaded at once: enough to hide round trips, few enough that a large
 * bucket does not open hundreds of sockets from a small process (Flux allows 100 goroutines).
 */
export const MAX_CONCURRENT_FETCHES = 16;

const message = (e: unknown) => toError(e).message;

/**
 * Downloads every indexed object (at most {@link MAX_CONCURRENT_FETCHES} at a time) and returns
 * them as archive files at their artifact paths. As in Flux, the index follows what was actually
 * fetched: an object that disappeared since the listing is dropped from it, and a changed ETag
 * replaces the listed one, so the revision describes exactly the bytes stored. The first failure
 * stops new downloads and is thrown.
 */
export async function fetchObjects(
  client: S3Client,
  bucket: string,
  index: EtagIndex,
  pathOf: Map<string, string>,
  log: Logger,
): Promise<ArchiveFile[]> {
  const keys = index.sortedKeys();
  const files: ArchiveFile[] = [];
  let next = 0;
  let failure: Error | undefined;
  const worker = async () => {
    while (!failure && next < keys.length) {
      const key = keys[next++];
      try {
        const got = await client.getObject(bucket, key);
        if (!got) {
          log.info(`indexed object '${key}' disappeared from '${bucket}' bucket`);
          index.delete(key);
          continue;
        }
        if (got.etag && got.etag !== index.get(key)) index.set(key, got.etag);
        files.push({ path: pathOf.get(key) ?? key, data: got.data });
      } catch (e: unknown) {
        failure ??= new Error(`failed to get '${key}' object: ${message(e)}`, { cause: e });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT_FETCHES, keys.length) }, worker));
  if (failure) throw failure;
  return files;
}
