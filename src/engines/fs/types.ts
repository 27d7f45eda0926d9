/**
 * A read-only view of a directory tree that engines work on. Paths are POSIX, relative to the
 * root (or absolute from it: `/a/b` and `a/b` name the same file); implementations refuse any
 * path that would leave the root, so an engine can never read outside the tree it was given.
 */
export interface VirtualFS {
  /** Reads a file as UTF-8 text; throws FsError when missing, a directory, or outside the root. */
  readFile(path: string): string;
  /** Reads a file as bytes; throws like readFile. */
  readBytes(path: string): Uint8Array;
  /** True when the path exists (file or directory) inside the root. */
  exists(path: string): boolean;
  /** True when the path is a directory inside the root. */
  isDir(path: string): boolean;
  /** The entry names of a directory, sorted; throws FsError when it is not a directory. */
  readDir(path: string): string[];
}

/** A filesystem failure: the path as given and a lowercase reason. */
export class FsError extends Error {
  readonly path: string;
  readonly code: 'NotFound' | 'NotDir' | 'IsDir' | 'Escape';
  constructor(code: FsError['code'], path: string, message: string) {
    super(message);
    this.name = 'FsError';
    this.code = code;
    this.path = path;
  }
}

/**
 * Normalises a path against the root: resolves `.` and `..`, strips leading slashes, and throws
 * FsError('Escape') when `..` would climb above the root. Returns '' for the root itself.
 */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) throw new FsError('Escape', path, `path '${path}' escapes the root`);
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** Joins a directory and a relative path (an absolute `path` wins), normalised against the root. */
export function joinPath(dir: string, path: string): string {
  if (path.startsWith('/')) return normalizePath(path);
  return normalizePath(dir === '' ? path : `${dir}/${path}`);
}

/** The directory part of a normalised path ('' for top-level entries). */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last element of a path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
