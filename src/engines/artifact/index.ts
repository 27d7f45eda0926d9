export { gunzipLimited, gzipParts, readChunks } from './chunks.ts';
export { type DigestAlgorithm, digestHex } from './digest.ts';
export { gitRevision, ociRevision, parseRevision, sha256Digest } from './revision.ts';
export {
  type ArchiveEntry,
  type ExtractLimits,
  readTarGz,
  safeEntryPath,
  UnsafeArchiveError,
} from './tar-read.ts';
export { type ArchiveFile, createTarGz } from './tar-write.ts';
