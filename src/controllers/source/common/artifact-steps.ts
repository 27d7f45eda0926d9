import { statSync } from 'node:fs';
import type { Artifact } from '../../../api/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { TransientError } from '../../../runtime/reconcile/index.ts';
import type { SourceEnv } from './source-env.ts';
import type { SourceObject } from './source-object.ts';

/** The condition message Flux writes once an artifact is stored. */
export function storedMessage(revision: string): string {
  return `stored artifact for revision '${revision}'`;
}

/**
 * The storage step every source reconcile starts with (Flux's `reconcileStorage`): collects old
 * artifacts, forgets a status artifact whose file disappeared (a restarted pod with an empty
 * volume), marks "building artifact" when there is none, and refreshes the URL so a changed
 * `--storage-adv-addr` reaches consumers.
 */
export function reconcileStorage(env: SourceEnv, obj: SourceObject): void {
  const artifact = obj.status?.artifact;
  if (artifact) {
    env.storage.garbageCollect(artifact, env.retention);
    if (!artifactExists(env, artifact)) delete obj.status?.artifact;
  }
  const current = obj.status?.artifact;
  if (!current) {
    conditions.markReconciling(obj, ConditionReason.Progressing, 'building artifact');
    conditions.remove(obj, SourceCondition.ArtifactInStorage);
    return;
  }
  const fresh = env.storage.artifactFor(
    obj.kind ?? '',
    obj.metadata?.namespace ?? '',
    obj.metadata?.name ?? '',
    current.path.split('/').pop() ?? '',
    current.revision,
  );
  current.url = fresh.url;
  conditions.markTrue(
    obj,
    SourceCondition.ArtifactInStorage,
    ConditionReason.Succeeded,
    storedMessage(current.revision),
  );
}

function artifactExists(env: SourceEnv, artifact: Artifact): boolean {
  try {
    const st = statSync(env.storage.localPath(artifact));
    return st.isFile() && (artifact.size === undefined || st.size === artifact.size);
  } catch {
    return false;
  }
}

/**
 * Records an upstream revision that differs from the stored artifact's, as Flux shows it while it
 * builds: Reconciling (and Ready Unknown) "building artifact: <text>", and ArtifactOutdated True
 * only when there is an artifact to be outdated. Nothing when the revision is the stored one.
 * `text` is the kind's wording (OCIRepository names the reference too).
 */
export function markNewRevision(
  obj: SourceObject,
  revision: string,
  text = `new upstream revision '${revision}'`,
): void {
  if (obj.status?.artifact?.revision === revision) return;
  if (obj.status?.artifact) conditions.markTrue(obj, SourceCondition.ArtifactOutdated, 'NewRevision', text);
  conditions.markReconciling(obj, ConditionReason.Progressing, `building artifact: ${text}`);
}

/** The artifact to store: the file name inside the object's directory and its content. */
export interface NewArtifact {
  file: string;
  data: Uint8Array;
  revision: string;
  metadata?: Record<string, string>;
}

/**
 * Writes a new artifact atomically, sets `status.artifact` (every field), clears ArtifactOutdated
 * and StorageOperationFailed, marks ArtifactInStorage and collects old artifacts. A write failure
 * is StorageOperationFailed (retried with backoff); the previous artifact keeps being served.
 */
export async function storeArtifact(env: SourceEnv, obj: SourceObject, next: NewArtifact): Promise<Artifact> {
  const base = env.storage.artifactFor(
    obj.kind ?? '',
    obj.metadata?.namespace ?? '',
    obj.metadata?.name ?? '',
    next.file,
    next.revision,
  );
  let stored: Artifact;
  try {
    stored = await env.storage.write(base, next.data);
  } catch (e: unknown) {
    const message = `failed to write artifact to storage: ${toError(e).message}`;
    conditions.markTrue(
      obj,
      SourceCondition.StorageOperationFailed,
      SourceReason.ArchiveOperationFailed,
      message,
    );
    throw new TransientError(SourceReason.ArchiveOperationFailed, message, { cause: e });
  }
  if (next.metadata && Object.keys(next.metadata).length) stored.metadata = next.metadata;
  obj.status ??= {};
  obj.status.artifact = stored;
  conditions.remove(obj, SourceCondition.ArtifactOutdated);
  conditions.remove(obj, SourceCondition.StorageOperationFailed);
  conditions.markTrue(
    obj,
    SourceCondition.ArtifactInStorage,
    ConditionReason.Succeeded,
    storedMessage(stored.revision),
  );
  env.storage.garbageCollect(stored, env.retention);
  return stored;
}

/**
 * A fetch failure: FetchFailed True with the reason, and the error to throw. The previous
 * artifact (if any) stays in storage and in status, so consumers keep working.
 */
export function fetchFailed(obj: SourceObject, err: Error & { reason?: string }): Error {
  const reason = err.reason ?? ConditionReason.ReconciliationFailed;
  conditions.markTrue(obj, SourceCondition.FetchFailed, reason, err.message);
  return err;
}
