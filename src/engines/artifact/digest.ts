import { webcrypto } from 'node:crypto';

/** The digest algorithms artifacts are addressed with (`<algorithm>:<hex>`, as Flux writes them). */
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

const WEB_NAMES: Record<DigestAlgorithm, string> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/**
 * The hex digest of `data`, computed on the thread pool (WebCrypto's digest is asynchronous in
 * Node): hashing a 50 MiB artifact with `createHash` would hold every controller's thread for
 * a hundred milliseconds or more.
 */
export async function digestHex(algorithm: DigestAlgorithm, data: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest(WEB_NAMES[algorithm], data)).toString('hex');
}
