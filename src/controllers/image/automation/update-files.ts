import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { ImageAutomationReason, type ImageRef } from '../../../api/image/v1/index.ts';
import type { KeyedMap } from '../../../engines/gotemplate/index.ts';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import { ObjectIdentifier, objectChanges } from './changed-objects.ts';
import { applySetters, type SetterChange } from './setters.ts';

/** The changes of one run, file by file (paths relative to the repository root, `/`-separated). */
export interface UpdateResult {
  /** Every change, in file then line order (`.Changed.Changes`). */
  changes: SetterChange[];
  /** Per file, per object (the identity of the document the change is in; see changed-objects.ts). */
  fileChanges: Record<string, KeyedMap>;
}

// the identity of each document, by the line range it spans
function objectOfLine(text: string): (line: number) => ObjectIdentifier {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter });
  const spans = (Array.isArray(docs) ? docs : []).map((d) => {
    const js = (() => {
      try {
        return d.toJS() as {
          apiVersion?: unknown;
          kind?: unknown;
          metadata?: { name?: unknown; namespace?: unknown };
        } | null;
      } catch {
        return null;
      }
    })();
    const [start, , end] = d.range;
    return {
      from: counter.linePos(start).line,
      to: counter.linePos(end).line,
      id: new ObjectIdentifier({
        apiVersion: stringField(js?.apiVersion),
        kind: stringField(js?.kind),
        name: stringField(js?.metadata?.name),
        namespace: stringField(js?.metadata?.namespace),
      }),
    };
  });
  const none = new ObjectIdentifier({});
  return (line) => spans.find((s) => line >= s.from && line <= s.to)?.id ?? none;
}

// a document's identifying field, when it is the string it should be
function stringField(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

async function* yamlFiles(dir: string): AsyncGenerator<string> {
  // sorted: the changes, and so the commit message, do not depend on the filesystem's order
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // never follow a symlink: it could lead out of the checkout
    if (entry.isDirectory() && entry.name !== '.git') yield* yamlFiles(path);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) yield path;
  }
}

/**
 * Applies the setters to every `.yaml`/`.yml` file under `path` (relative to the checkout `root`,
 * which it may not leave), writing back only the files that changed.
 */
export async function updateFiles(
  root: string,
  path: string | undefined,
  lookup: (policy: string) => ImageRef | undefined,
): Promise<UpdateResult> {
  const base = resolve(root, path ?? '.');
  if (base !== resolve(root) && !base.startsWith(resolve(root) + sep))
    throw new StallingError(
      ImageAutomationReason.UpdateFailed,
      `update path '${path}' is outside the repository`,
    );
  try {
    if (!(await lstat(base)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new StallingError(ImageAutomationReason.UpdateFailed, `update path '${path}' is not a directory`);
  }
  const result: UpdateResult = { changes: [], fileChanges: {} };
  for await (const file of yamlFiles(base)) {
    const text = await readFile(file, 'utf8');
    const got = applySetters(text, lookup);
    if (got.changes.length === 0) continue;
    await writeFile(file, got.text);
    const name = relative(root, file).split(sep).join('/');
    const objectOf = objectOfLine(got.text);
    result.fileChanges[name] = objectChanges(got.changes.map((c) => [objectOf(c.line), c] as const));
    result.changes.push(...got.changes);
  }
  return result;
}
