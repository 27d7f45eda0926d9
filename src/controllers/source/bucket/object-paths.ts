/** An object key that cannot become a file inside the artifact. */
export class UnsafeKeyError extends Error {
  override name = 'UnsafeKeyError';
}

/**
 * The path inside the artifact for an object key: the key itself with empty and `.` segments
 * dropped (as a file system join would). A key that is absolute or climbs out with `..` is
 * refused rather than written anywhere: an S3 key is any string, and the artifact's consumers
 * must never see an entry outside their root.
 */
export function artifactPathOf(key: string): string {
  if (key.startsWith('/')) throw new UnsafeKeyError(`object key '${key}' is an absolute path`);
  if (key.includes('\0')) throw new UnsafeKeyError(`object key '${key}' contains a NUL byte`);
  const parts = key.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..'))
    throw new UnsafeKeyError(`object key '${key}' points outside the artifact root with '..'`);
  if (parts.length === 0) throw new UnsafeKeyError(`object key '${key}' names no file`);
  return parts.join('/');
}

/**
 * Maps every key to its artifact path and refuses a set that cannot be laid out as files: two
 * keys landing on the same path (`a//b` and `a/b`), or a key that is also another key's directory
 * (`a` and `a/b`), which a file system (and Flux) cannot hold either.
 */
export function layoutKeys(keys: string[]): Map<string, string> {
  const pathOf = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const key of keys) {
    const path = artifactPathOf(key);
    const other = owner.get(path);
    if (other !== undefined)
      throw new UnsafeKeyError(`object keys '${other}' and '${key}' map to the same file`);
    owner.set(path, key);
    pathOf.set(key, path);
  }
  for (const [path, key] of owner) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = owner.get(parts.slice(0, i).join('/'));
      if (dir !== undefined)
        throw new UnsafeKeyError(`object key '${key}' needs '${dir}' to be a directory, but it is an object`);
    }
  }
  return pathOf;
}
