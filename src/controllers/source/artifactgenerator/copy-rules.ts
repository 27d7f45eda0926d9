/**
 * Applies the copy rules of one output artifact, with source-watcher's cp-like semantics:
 * - a glob `from` copies every match (directories recursively); `dir/**` drops the `dir/`
 *   prefix, any other glob keeps the matched path below the destination;
 * - a plain `from` naming a directory copies it as `<to>/<dirname>`; naming a file copies it to
 *   `<to>/<basename>` when `to` ends with `/` or is an existing directory, else to `to`;
 * - later rules overwrite earlier files; `Merge` deep-merges YAML into an existing file;
 *   `Extract` unpacks `.tar.gz`/`.tgz` files into the destination.
 */
import type { CopyOperation } from '../../../api/source-extensions/v1beta1/index.ts';
import { readTarGz } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import { excludeMatcher, glob, hasGlobChars } from './glob.ts';
import { mergeYamlFiles } from './merge-yaml.ts';
import { FileTree, joinInside } from './tree.ts';

/** Parses `@alias/pattern`. */
export function parseCopySource(from: string): { alias: string; pattern: string } {
  if (!from.startsWith('@')) throw new Error("source must start with '@'");
  const slash = from.indexOf('/');
  if (slash < 0) throw new Error("source format must be '@alias/pattern'");
  return { alias: from.slice(1, slash), pattern: from.slice(slash + 1) };
}

/** Parses `@artifact/path` into the path inside the artifact. */
export function parseCopyDestination(to: string): string {
  if (!to.startsWith('@artifact/')) throw new Error("destination must start with '@artifact/'");
  return to.slice('@artifact/'.length);
}

/** `.tar.gz` or `.tgz`, in any letter case (what `flux build artifact` and `helm package` write). */
const isTarball = (p: string) => /\.(tar\.gz|tgz)$/i.test(p);

/** Builds the staging tree of one artifact from its copy rules, applied in order. */
export async function applyCopyRules(
  rules: readonly CopyOperation[],
  sources: ReadonlyMap<string, FileTree>,
): Promise<FileTree> {
  const staging = new FileTree();
  for (const op of rules) {
    try {
      await applyCopyRule(op, sources, staging);
    } catch (e: unknown) {
      if (e instanceof NothingMatched && op.optional) continue;
      throw new Error(
        `failed to apply copy operation from '${op.from}' to '${op.to}': ${toError(e).message}`,
      );
    }
  }
  return staging;
}

/** A rule matching nothing: an error, unless the rule is `optional`. */
class NothingMatched extends Error {}

async function applyCopyRule(
  op: CopyOperation,
  sources: ReadonlyMap<string, FileTree>,
  staging: FileTree,
): Promise<void> {
  let parsed: { alias: string; pattern: string };
  try {
    parsed = parseCopySource(op.from);
  } catch (e: unknown) {
    throw new Error(`invalid copy source '${op.from}': ${toError(e).message}`);
  }
  let dest: string;
  try {
    dest = parseCopyDestination(op.to);
  } catch (e: unknown) {
    throw new Error(`invalid copy destination '${op.to}': ${toError(e).message}`);
  }
  const src = sources.get(parsed.alias);
  if (!src) throw new Error(`source alias '${parsed.alias}' not found`);
  const excluded = excludeMatcher(op.exclude);
  const copier = new Copier(op, src, staging, excluded);
  const pattern = parsed.pattern;
  if (!hasGlobChars(pattern)) {
    await copier.single(joinInside(pattern), joinInside(dest), op.to.endsWith('/'));
    return;
  }
  let matches: string[];
  try {
    matches = glob(src, pattern);
  } catch (e: unknown) {
    throw new Error(`invalid glob pattern '${pattern}': ${toError(e).message}`);
  }
  if (matches.length === 0)
    throw new Error(`no files match pattern '${pattern}' in source '${parsed.alias}'`);
  const kept = matches.filter((m) => m !== '.' && m !== '..' && !excluded(m));
  if (kept.length === 0)
    throw new Error(`all files matching pattern '${pattern}' in source '${parsed.alias}' were excluded`);
  for (const match of kept) {
    if (op.strategy === 'Extract') {
      if (src.isDir(match) || !isTarball(match)) continue;
      await copier.extract(match, joinInside(dest));
    } else copier.copy(match, globDestination(pattern, match, dest));
  }
}

/** Where a glob match lands: `dir/**` strips `dir/`, other globs keep the matched path. */
function globDestination(pattern: string, match: string, dest: string): string {
  if (pattern.endsWith('/**')) {
    const prefix = `${pattern.slice(0, -3)}/`;
    if (match.startsWith(prefix)) return joinInside(dest, match.slice(prefix.length));
  }
  return joinInside(dest, match);
}

class Copier {
  private readonly op: CopyOperation;
  private readonly src: FileTree;
  private readonly staging: FileTree;
  private readonly excluded: (path: string) => boolean;

  constructor(op: CopyOperation, src: FileTree, staging: FileTree, excluded: (path: string) => boolean) {
    this.op = op;
    this.src = src;
    this.staging = staging;
    this.excluded = excluded;
  }

  /** A plain (non-glob) source path: a directory, or a file with cp's destination rules. */
  async single(path: string, dest: string, destIsDir: boolean): Promise<void> {
    if (!this.src.exists(path)) throw new NothingMatched(`source '${path || '.'}' does not exist`);
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (this.src.isDir(path)) {
      if (this.op.strategy === 'Extract')
        throw new Error(`extract strategy is not supported for directories, got '${path}'`);
      this.copy(path, joinInside(dest, base));
      return;
    }
    if (this.excluded(path)) return;
    if (this.op.strategy === 'Extract') {
      if (!isTarball(path))
        throw new Error(`extract strategy requires tarball file (.tar.gz or .tgz), got '${path}'`);
      await this.extract(path, dest);
      return;
    }
    const target = destIsDir || this.staging.isDir(dest) ? joinInside(dest, base) : dest;
    this.copy(path, target);
  }

  /** Copies a file or a directory tree (minus exclusions below it) to `dest`. */
  copy(path: string, dest: string): void {
    if (this.src.isDir(path)) {
      this.staging.mkdir(dest);
      const skipped: string[] = [];
      for (const p of this.src.walk(path)) {
        const rel = p.slice(path === '' ? 0 : path.length + 1);
        if (skipped.some((s) => rel.startsWith(`${s}/`))) continue;
        if (this.excluded(rel)) {
          if (this.src.isDir(p)) skipped.push(rel);
          continue;
        }
        const target = joinInside(dest, rel);
        if (this.src.isDir(p)) this.staging.mkdir(target);
        else this.put(p, target, false);
      }
      return;
    }
    this.put(path, dest, this.op.strategy === 'Merge');
  }

  private put(path: string, dest: string, merge: boolean): void {
    const file = this.src.files.get(path);
    if (!file) throw new Error(`source '${path}' does not exist`);
    const existing = this.staging.files.get(dest);
    if (merge && existing) {
      const text = mergeYamlFiles(Buffer.from(existing.data).toString(), Buffer.from(file.data).toString());
      this.staging.write(dest, { data: Buffer.from(text), executable: false });
      return;
    }
    this.staging.write(dest, file);
  }

  /** Unpacks a tarball of the source into `dest` (decompressing off the event loop). */
  async extract(path: string, dest: string): Promise<void> {
    const file = this.src.files.get(path);
    if (!file) throw new Error(`source '${path}' does not exist`);
    this.staging.mkdir(dest);
    try {
      for (const e of await readTarGz(file.data)) {
        if (e.type === 'file')
          this.staging.write(joinInside(dest, e.path), { data: e.data, executable: e.executable });
        else if (e.type === 'dir') this.staging.mkdir(joinInside(dest, e.path));
      }
    } catch (e: unknown) {
      throw new Error(`failed to extract tarball '${path}' to '${dest}': ${toError(e).message}`);
    }
  }
}
