import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import type { ArchiveFile } from '../../../engines/artifact/index.ts';
import { SOURCE_IGNORE_FILE, sourceIgnoreMatcher } from '../../../engines/ignore/index.ts';

/**
 * The files of a checkout that go into the artifact, as Flux's archiver selects them: Flux's
 * default exclusions (`.git/`, CI files...), every `.sourceignore` in the tree (relative to its
 * directory) and `spec.ignore` last, so its negations win. A symbolic link that stays inside the
 * checkout is archived as a copy of its target (as Flux resolves them); others are left out.
 */
export function archiveFiles(root: string, specIgnore?: string): ArchiveFile[] {
  const rootAbs = resolve(root);
  const ignoreFiles: { dir: string; content: string }[] = [];
  collectIgnoreFiles(rootAbs, '', ignoreFiles);
  const matcher = sourceIgnoreMatcher(ignoreFiles, specIgnore);
  const files: ArchiveFile[] = [];
  // real paths of the directories being walked: a link back to one of them would never end
  const walking = new Set<string>();
  const walk = (dir: string, rel: string) => {
    const real = realpathSync(dir);
    if (walking.has(real)) return;
    walking.add(real);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = join(dir, entry.name);
      let st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        const target = resolveInside(rootAbs, abs);
        if (!target) continue;
        st = statSync(target);
      }
      if (st.isDirectory()) {
        if (matcher.ignores(path, true)) continue;
        walk(abs, path);
      } else if (st.isFile()) {
        if (matcher.ignores(path, false)) continue;
        files.push({ path, data: readFileSync(abs), executable: (st.mode & 0o111) !== 0 });
      }
    }
    walking.delete(real);
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

/** The real path of a link when it exists and stays inside the root; undefined otherwise. */
function resolveInside(root: string, link: string): string | undefined {
  try {
    const target = realpathSync(link);
    const realRoot = realpathSync(root);
    return target === realRoot || target.startsWith(realRoot + sep) ? target : undefined;
  } catch {
    return undefined;
  }
}
