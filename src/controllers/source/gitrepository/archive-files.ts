import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import type { ArchiveFile } from '../../../engines/artifact/index.ts';
import { SOURCE_IGNORE_FILE, sourceIgnoreMatcher } from '../../../engines/ignore/index.ts';

/**
 * The files of a checkout that go into the artifact, as Flux's archiver selects them: Flux's
 * default exclusions (`.git/`, CI files...), every `.sourceignore` in the tree (relative to its
 * directory) and `spec.ignore` last, so its negations win. Symbolic links are left out, as
 * Flux's archiver writes regular files only.
 */
export function archiveFiles(root: string, specIgnore?: string): ArchiveFile[] {
  const rootAbs = resolve(root);
  const ignoreFiles: { dir: string; content: string }[] = [];
  collectIgnoreFiles(rootAbs, '', ignoreFiles);
  const matcher = sourceIgnoreMatcher(ignoreFiles, specIgnore);
  const files: ArchiveFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = join(dir, entry.name);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        if (matcher.ignores(path, true)) continue;
        walk(abs, path);
      } else if (st.isFile()) {
        if (matcher.ignores(path, false)) continue;
        files.push({ path, data: readFileSync(abs), executable: (st.mode & 0o111) !== 0 });
      }
    }
  };
  walk(rootAbs, '');
  return files;
}

function collectIgnoreFiles(dir: string, rel: string, out: { dir: string; content: string }[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const path = rel ? posix.join(rel, entry.name) : entry.name;
    if (entry.isDirectory()) collectIgnoreFiles(join(dir, entry.name), path, out);
    else if (entry.isFile() && entry.name === SOURCE_IGNORE_FILE)
      out.push({ dir: rel, content: readFileSync(join(dir, entry.name), 'utf8') });
  }
}

/** A path relative to `root` in archive form (forward slashes), for messages. */
export function relativePath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
