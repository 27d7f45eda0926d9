import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One repository's scan as stored: the canonical image name and its tags, with their revision. */
export interface StoredTags {
  canonicalImageName: string;
  tags: string[];
  revision: string;
}

/** The revision of a tag list: sha256 of the sorted tags, one per line; order-independent. */
export function tagsRevision(tags: readonly string[]): string {
  const h = createHash('sha256');
  for (const t of [...tags].sort()) h.update(`${t}\n`);
  return h.digest('hex');
}

/**
 * The reflector's tag database: one small file per ImageRepository (`<dir>/<namespace>/<name>`,
 * the canonical name on the first line, then one tag per line; a tag never holds a line break).
 * Tags live on disk, not in the heap: a policy reads its repository's file when it resolves, and a
 * restarted manager answers policies from the files without rescanning.
 */
export class TagStore {
  readonly #dir: string;
  constructor(dir: string) {
    this.#dir = dir;
  }

  #path(namespace: string, name: string): string {
    // names and namespaces are DNS labels and subdomains: no separator can sneak in
    return join(this.#dir, namespace, name);
  }

  /** Replaces a repository's tags (written whole, then renamed, so a reader never sees half). */
  async write(namespace: string, name: string, canonicalImageName: string, tags: readonly string[]) {
    const file = this.#path(namespace, name);
    await mkdir(join(this.#dir, namespace), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, [canonicalImageName, ...tags].join('\n'));
    await rename(tmp, file);
    return tagsRevision(tags);
  }

  /** A repository's stored tags, or undefined when it was never scanned (or its file is gone). */
  async read(namespace: string, name: string): Promise<StoredTags | undefined> {
    let text: string;
    try {
      text = await readFile(this.#path(namespace, name), 'utf8');
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const [canonicalImageName, ...tags] = text.split('\n');
    return { canonicalImageName, tags, revision: tagsRevision(tags) };
  }

  /** Forgets a deleted repository's tags. */
  async remove(namespace: string, name: string): Promise<void> {
    await rm(this.#path(namespace, name), { force: true });
  }
}
