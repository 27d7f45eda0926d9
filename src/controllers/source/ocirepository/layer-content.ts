import { type ArchiveFile, createTarGz, readTarGz } from '../../../engines/artifact/index.ts';
import { SOURCE_IGNORE_FILE, sourceIgnoreMatcher } from '../../../engines/ignore/index.ts';

/** The largest layer content accepted once decompressed (what the storage serves to consumers). */
export const MAX_EXTRACTED_BYTES = 512 * 1024 * 1024;

/**
 * Turns the selected layer into the stored artifact. `copy` keeps the layer bytes as they are
 * (Flux stores them untouched). `extract` reads the tar.gz with the hardened reader (absolute
 * paths, `..`, symlinks leaving the root, devices and oversized content are refused), drops
 * symlinks as Flux does, applies the default exclusions, `.sourceignore` files and `spec.ignore`,
 * and packs what is left deterministically. Throws the reader's precise error.
 */
export async function layerToArtifact(
  layer: Buffer,
  options: { operation: 'extract' | 'copy'; ignore?: string; maxBytes?: number },
): Promise<Buffer> {
  if (options.operation === 'copy') return layer;
  const entries = await readTarGz(layer, { maxBytes: options.maxBytes ?? MAX_EXTRACTED_BYTES });
  const files = entries.filter((e) => e.type === 'file');
  const ignoreFiles = files
    .filter((f) => f.path === SOURCE_IGNORE_FILE || f.path.endsWith(`/${SOURCE_IGNORE_FILE}`))
    .map((f) => ({
      dir: f.path.slice(0, Math.max(0, f.path.length - SOURCE_IGNORE_FILE.length - 1)),
      content: Buffer.from(f.data).toString('utf8'),
    }));
  const matcher = sourceIgnoreMatcher(ignoreFiles, options.ignore);
  const kept: ArchiveFile[] = files
    .filter((f) => !matcher.ignores(f.path))
    .map((f) => ({ path: f.path, data: f.data, executable: f.executable }));
  return createTarGz(kept);
}
