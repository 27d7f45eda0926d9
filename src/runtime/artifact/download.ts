import { type DigestAlgorithm, digestHex, readChunks } from '../../engines/artifact/index.ts';
import { toError } from '../../engines/errors/index.ts';

/** What a source advertises of its artifact: where to get it and, optionally, its digest. */
export interface ArtifactLocation {
  url: string;
  /** `<algorithm>:<hex>`, checked after the download when present. */
  digest?: string;
}

const algorithms: readonly string[] = ['sha256', 'sha384', 'sha512'];

/**
 * Downloads a source's artifact over HTTP from its advertised URL, as Flux's consumers do (read
 * chunk by chunk, so a large artifact never holds the event loop), then checks its digest when
 * the source gives one. Errors carry Flux's wording: "failed to download artifact from <url>:
 * ...", "unsupported digest algorithm '<algo>'", "failed to verify artifact: computed digest
 * doesn't match '<digest>'"; callers choose the outcome they become.
 */
export async function downloadArtifact(
  artifact: ArtifactLocation,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    const res = await fetch(artifact.url, { signal });
    if (!res.ok) throw new Error(`failed to download artifact, status: ${res.status} ${res.statusText}`);
    data = await readChunks(res.body);
  } catch (e: unknown) {
    throw new Error(`failed to download artifact from ${artifact.url}: ${toError(e).message}`, { cause: e });
  }
  if (!artifact.digest) return data;
  const [algo = '', expected] = artifact.digest.split(':');
  if (!algorithms.includes(algo)) throw new Error(`unsupported digest algorithm '${algo}'`);
  // hashed off the event loop: artifacts can be tens of MiB
  if ((await digestHex(algo as DigestAlgorithm, data)) !== expected)
    throw new Error(`failed to verify artifact: computed digest doesn't match '${artifact.digest}'`);
  return data;
}
