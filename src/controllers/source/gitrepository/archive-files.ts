import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, posix, resolve, sep } from 'node:path';
import type { ArchiveFile } from '../../../engines/artifact/index.ts';
import { SOURCE_IGNORE_FILE, sourceIgnoreMatcher } from '../../../engines/ignore/index.ts';

/**
 * The files of a checkout that go into the artifact, as Flux's archiver selects them: Flux's
 * default exclusions (`.git/`, CI files...), every `.sourceignore` in the tree (relative to its
 * directory) and `spec.ignore` last, so its negations win. A symbolic link that stays inside the
 * checkout is archived as a copy of its target (as Flux resolves them); others are left out.
 * All file system calls are asynchronous: a checkout can hold thousands of files and tens of MiB,
 * and every controller shares this thread.
 */
export async function archiveFiles(root: string, specIgnore?: string): Promise<ArchiveFile[]> {
  const rootAbs = resolve(root);
  const realRoot = await realpath(rootAbs);
  const ignoreFiles: { dir: string; content: string }[] = [];
  await collectIgnoreFiles(rootAbs, '', ignoreFiles);
  const matcher = sourceIgnoreMatcher(ignoreFiles, specIgnore);
  const files: ArchiveFile[] = [];
  // real paths of the directories being walked: a link back to one of them would never end
  const walking = new Set<string>();
  const walk = async (dir: string, rel: string) => {
    const real = await realpath(dir);
    if (walking.has(real)) return;
    walking.add(real);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = join(dir, entry.name);
      let st = await lstat(abs);
      if (st.isSymbolicLink()) {
        const target = await resolveInside(realRoot, abs);
        if (!target) continue;
        st = await stat(target);
      }
      if (st.isDirectory()) {
        if (matcher.ignores(path, true)) continue;
        await walk(abs, path);
      } else if (st.isFile()) {
        if (matcher.ignores(path, false)) continue;
        files.push({ path, data: await readFile(abs), executable: (st.mode & 0o111) !== 0 });
      }
    }
    walking.delete(real);
  };
  await walk(rootAbs, '');
  return files;
}

async function collectIgnoreFiles(
  dir: string,
  rel: string,
  out: { dir: string; content: string }[],
): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const path = rel ? posix.join(rel, entry.name) : entry.name;
    if (entry.isDirectory()) await collectIgnoreFiles(join(dir, entry.name), path, out);
    else if (entry.isFile() && entry.name === SOURCE_IGNORE_FILE)
      out.push({ dir: rel, content: await readFile(join(dir, entry.name), 'utf8') });
  }
}

/** The real path of a link when it exists and stays inside the (real) root; undefined otherwise. */
async function resolveInside(realRoot: string, link: string): Promise<string | undefined> {
  try {
    const target = await realpath(link);
    return target === realRoot || target.startsWith(realRoot + sep) ? target : undefined;
  } catch {
    return undefined;
  }
}
