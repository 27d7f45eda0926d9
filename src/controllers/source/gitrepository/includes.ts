import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Artifact } from '../../../api/index.ts';
import { SourceCondition } from '../../../api/source/v1/index.ts';
import { readTarGz, safeEntryPath } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { TransientError, WaitingError } from '../../../runtime/reconcile/index.ts';
import type { SourceRun } from '../common/source-kind.ts';
import type { GitRepositoryObject } from './types.ts';

/** Flux's `--requeue-dependency` default: how soon an includer looks again for a missing artifact. */
export const REQUEUE_DEPENDENCY_MS = 30_000;

/**
 * The artifacts of the GitRepositories listed in `spec.include`, in spec order (Flux's
 * `fetchIncludes`). A repository that does not exist or has no artifact yet is IncludeUnavailable
 * and a WaitingError: the includer is looked at again later (and at once when the included
 * repository changes, through the watch).
 */
export function fetchIncludes(obj: GitRepositoryObject, run: SourceRun): Artifact[] {
  const namespace = obj.metadata?.namespace ?? '';
  const informer = run.env.informerOf<GitRepositoryObject>('GitRepository');
  const artifacts: Artifact[] = [];
  for (const include of obj.spec.include ?? []) {
    const name = include.repository.name;
    const dep = informer.get(namespace, name);
    if (!dep) {
      throw unavailable(
        obj,
        'NotFound',
        `could not get resource for include '${name}': gitrepositories.source.toolkit.fluxcd.io "${name}" not found`,
      );
    }
    const artifact = dep.status?.artifact;
    if (!artifact) throw unavailable(obj, 'NoArtifact', `no artifact available for include '${name}'`);
    artifacts.push(structuredClone(artifact));
  }
  return artifacts;
}

function unavailable(obj: GitRepositoryObject, reason: string, message: string): WaitingError {
  conditions.markTrue(obj, SourceCondition.IncludeUnavailable, reason, message);
  return new WaitingError(reason, REQUEUE_DEPENDENCY_MS, message);
}

/**
 * Copies each included artifact's content (below `fromPath`, default the root) into the checkout
 * at `toPath` (default the included repository's name), replacing what was there, as Flux's
 * `CopyToPath` does. A failure is StorageOperationFailed with Flux's `CopyFailure` reason.
 */
export async function copyIncludes(
  obj: GitRepositoryObject,
  run: SourceRun,
  dir: string,
  artifacts: Artifact[],
): Promise<void> {
  const includes = obj.spec.include ?? [];
  for (const [i, include] of includes.entries()) {
    const name = include.repository.name;
    const fromPath = include.fromPath ?? '';
    const toPath = include.toPath ?? name;
    try {
      const target = join(dir, safeEntryPath(toPath));
      const from = fromPath ? `${safeEntryPath(fromPath)}/` : '';
      const entries = await readTarGz(await readFile(run.env.storage.localPath(artifacts[i])));
      await rm(target, { recursive: true, force: true });
      await mkdir(target, { recursive: true });
      for (const e of entries) {
        if (e.type !== 'file' || (from && !e.path.startsWith(from))) continue;
        const dest = join(target, e.path.slice(from.length));
        await mkdir(dirname(dest), { recursive: true });
        await writeFile(dest, e.data, { mode: e.executable ? 0o755 : 0o644 });
      }
    } catch (e: unknown) {
      const message = `failed to copy '${name}' include from ${fromPath} to ${toPath}: ${toError(e).message}`;
      conditions.markTrue(obj, SourceCondition.StorageOperationFailed, 'CopyFailure', message);
      throw new TransientError('CopyFailure', message, { cause: e });
    }
  }
}
