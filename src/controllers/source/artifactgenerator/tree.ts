/**
 * An in-memory file tree: the extracted content of a source artifact, or the staging tree of a
 * generated artifact. Paths are relative, `/`-separated and normalised; directories are implied
 * by the files below them or recorded explicitly (an empty directory of a source archive).
 */
import type { ArchiveEntry } from '../../../engines/artifact/index.ts';
import type { TreeView } from './glob.ts';

/** One regular file of a tree. */
export interface TreeFile {
  data: Uint8Array;
  executable: boolean;
}

/** A mutable file tree with the directory queries the copy rules need. */
export class FileTree implements TreeView {
  readonly files = new Map<string, TreeFile>();
  private readonly dirs = new Set<string>(['']);
  /** Entry names per directory, so listing does not scan the whole tree. */
  private readonly children = new Map<string, Set<string>>([['', new Set()]]);

  /** A tree of an archive's files and directories (symbolic links are left out). */
  static fromArchive(entries: ArchiveEntry[]): FileTree {
    const tree = new FileTree();
    for (const e of entries) {
      if (e.type === 'file') tree.write(e.path, { data: e.data, executable: e.executable });
      else if (e.type === 'dir') tree.mkdir(e.path);
    }
    return tree;
  }

  /** Records a directory and its parents. */
  mkdir(path: string): void {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (this.dirs.has(dir)) continue;
      this.dirs.add(dir);
      this.children.set(dir, new Set());
      this.children.get(parts.slice(0, i - 1).join('/'))?.add(parts[i - 1]);
    }
  }

  /** Writes a file, creating its parent directories; refuses to replace a directory. */
  write(path: string, file: TreeFile): void {
    if (this.dirs.has(path)) throw new Error(`'${path}' is a directory`);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/');
      if (this.files.has(ancestor)) throw new Error(`'${ancestor}' is not a directory`);
    }
    const parent = parts.slice(0, -1).join('/');
    this.mkdir(parent);
    this.files.set(path, file);
    this.children.get(parent)?.add(parts[parts.length - 1]);
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  exists(path: string): boolean {
    return this.dirs.has(path) || this.files.has(path);
  }

  list(dir: string): string[] {
    return [...(this.children.get(dir) ?? [])].sort(byteOrder);
  }

  /** Every path below `dir` (files and directories), depth-first in sorted order, as Go walks. */
  walk(dir: string): string[] {
    const out: string[] = [];
    for (const name of this.list(dir)) {
      const p = dir === '' ? name : `${dir}/${name}`;
      out.push(p);
      if (this.isDir(p)) out.push(...this.walk(p));
    }
    return out;
  }
}

/** Go's string order (bytes), which sorting of file names follows. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Joins and cleans relative paths as Go's `filepath.Join` does, refusing a result that leaves the
 * root (the staging tree is an `os.Root` in source-watcher).
 */
export function joinInside(...parts: string[]): string {
  const out: string[] = [];
  for (const seg of parts.join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0)
        throw new Error(`path '${parts.filter(Boolean).join('/')}' escapes the artifact root`);
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}
