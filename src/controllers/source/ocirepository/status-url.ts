import { renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Artifact } from '../../../api/meta/index.ts';
import type { SourceEnv } from '../common/source-env.ts';
import type { SourceObject } from '../common/source-object.ts';

const LATEST = 'latest.tar.gz';

/** The URL of the object's `latest.tar.gz` link: Flux's `status.url`, stable across revisions. */
function latestUrl(env: SourceEnv, obj: SourceObject): string {
  return env.storage.artifactFor(
    obj.kind ?? '',
    obj.metadata?.namespace ?? '',
    obj.metadata?.name ?? '',
    LATEST,
    '',
  ).url;
}

/**
 * Points `latest.tar.gz` beside the artifact at it (a relative symbolic link, swapped in with a
 * rename so a download never sees it missing) and sets `status.url` to its URL, as Flux does on a
 * best-effort basis: a failure leaves the previous link and URL.
 */
export function linkLatest(env: SourceEnv, obj: SourceObject, artifact: Artifact): void {
  try {
    const file = env.storage.localPath(artifact);
    const link = join(dirname(file), LATEST);
    const tmp = `${link}.tmp-${process.pid}-${Date.now()}`;
    symlinkSync(basename(file), tmp);
    try {
      renameSync(tmp, link);
    } catch (e: unknown) {
      rmSync(tmp, { force: true });
      throw e;
    }
    obj.status ??= {};
    obj.status.url = latestUrl(env, obj);
  } catch {
    // best effort: the artifact URL in status.artifact is what consumers use
  }
}

/**
 * Keeps `status.url` in step with the storage: its host refreshed (a changed advertised address)
 * while there is an artifact, and removed when the artifact disappeared.
 */
export function refreshStatusUrl(env: SourceEnv, obj: SourceObject): void {
  if (!obj.status) return;
  if (!obj.status.artifact) delete obj.status.url;
  else if (obj.status.url) obj.status.url = latestUrl(env, obj);
}
