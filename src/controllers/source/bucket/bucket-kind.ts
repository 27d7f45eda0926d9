import { ConditionReason } from '../../../api/meta/index.ts';
import type { BucketSpec } from '../../../api/source/v1/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import { createTarGz } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { StallingError, TransientError } from '../../../runtime/reconcile/index.ts';
import { fetchFailed, markNewRevision, storeArtifact } from '../common/artifact-steps.ts';
import type { SourceKind, SourceRun } from '../common/source-kind.ts';
import type { SourceObject } from '../common/source-object.ts';
import { linkArtifact } from '../common/status-url.ts';
import { type BucketCredentials, resolveCredentials } from './credentials.ts';
import { fetchObjects } from './fetch-objects.ts';
import { indexBucket } from './index-objects.ts';
import { layoutKeys } from './object-paths.ts';
import { openS3Client, type S3Client } from './s3-client.ts';
import { forgetSourceIgnore, SOURCE_IGNORE_KEY } from './source-ignore-cache.ts';
import { validateBucketSpec } from './spec-checks.ts';

/** A Bucket as the reconciler reads and writes it. */
export type BucketObject = SourceObject & {
  spec: BucketSpec;
  status?: SourceObject['status'] & { observedIgnore?: string; url?: string };
};

const message = (e: unknown) => toError(e).message;

/** A failed bucket operation: FetchFailed with BucketOperationFailed, retried with backoff. */
function bucketFailed(obj: BucketObject, text: string, cause?: unknown): Error {
  return fetchFailed(obj, new TransientError(SourceReason.BucketOperationFailed, text, { cause }));
}

/** Flux's Bucket words for a stored artifact, on ArtifactInStorage and Ready. */
function storedMessage(revision: string): string {
  return `stored artifact: revision '${revision}'`;
}

/** Records that the stored artifact is the bucket's current content, with Flux's messages. */
function markStored(obj: BucketObject, run: SourceRun, files: number): void {
  const artifact = obj.status?.artifact;
  if (!artifact) return;
  conditions.remove(obj, SourceCondition.ArtifactOutdated);
  conditions.markTrue(
    obj,
    SourceCondition.ArtifactInStorage,
    ConditionReason.Succeeded,
    storedMessage(artifact.revision),
  );
  run.successMessage = storedMessage(artifact.revision);
  run.notifyMessage = `stored artifact with ${files} fetched files from '${obj.spec.bucketName}' bucket`;
}

/** Keeps `status.observedIgnore` equal to the rules the artifact content was selected with. */
function recordIgnore(obj: BucketObject): void {
  obj.status ??= {};
  if (obj.spec.ignore === undefined) delete obj.status.observedIgnore;
  else obj.status.observedIgnore = obj.spec.ignore;
}

async function connect(obj: BucketObject, run: SourceRun): Promise<S3Client> {
  let creds: BucketCredentials;
  try {
    creds = await resolveCredentials(run.env.kube, obj.metadata?.namespace ?? '', obj.spec);
  } catch (e: unknown) {
    const err =
      e instanceof StallingError || e instanceof TransientError
        ? e
        : new TransientError(SourceReason.AuthenticationFailed, message(e), { cause: e });
    throw fetchFailed(obj, err);
  }
  try {
    return await openS3Client({
      endpoint: obj.spec.endpoint,
      insecure: obj.spec.insecure === true,
      region: obj.spec.region,
      ...creds,
      // as in Flux, TLS material applies to HTTPS only
      ...(obj.spec.insecure ? { ca: undefined, cert: undefined, key: undefined } : {}),
      signal: run.signal,
    });
  } catch (e: unknown) {
    // Flux reports a client it cannot build as an authentication failure
    throw fetchFailed(obj, new TransientError(SourceReason.AuthenticationFailed, message(e), { cause: e }));
  }
}

/**
 * Flux's Bucket: index the bucket (existence, root `.sourceignore` + `spec.ignore`, listing under
 * `prefix`), and when the index revision equals the stored artifact's, stop there: nothing is
 * downloaded and nothing written. Otherwise download the indexed objects in parallel, pack them
 * (with the root `.sourceignore`, as Flux's archive of its work directory has it) into a
 * deterministic tar.gz named after the revision, and store it.
 */
async function reconcileBucket(obj: BucketObject, run: SourceRun): Promise<void> {
  const { spec } = obj;
  const artifact = obj.status?.artifact;
  refreshStatusUrl(obj);
  // a kept artifact reads in the Bucket's own words, as Flux left it
  if (artifact && conditions.isTrue(obj, SourceCondition.ArtifactInStorage))
    conditions.markTrue(
      obj,
      SourceCondition.ArtifactInStorage,
      ConditionReason.Succeeded,
      storedMessage(artifact.revision),
    );

  const invalid = validateBucketSpec(spec);
  if (invalid) throw fetchFailed(obj, new StallingError(invalid.reason, invalid.message));

  const client = await connect(obj, run);
  try {
    let indexed: Awaited<ReturnType<typeof indexBucket>>;
    let pathOf: Map<string, string>;
    try {
      indexed = await indexBucket(client, {
        bucket: spec.bucketName,
        prefix: spec.prefix,
        ignore: spec.ignore,
        cacheKey: cacheKeyOf(obj),
      });
    } catch (e: unknown) {
      throw bucketFailed(obj, message(e), e);
    }
    try {
      pathOf = layoutKeys([
        ...indexed.index.sortedKeys(),
        ...(indexed.sourceIgnore ? [SOURCE_IGNORE_KEY] : []),
      ]);
    } catch (e: unknown) {
      // a hostile or odd key fails the whole fetch: the previous artifact keeps being served, and
      // spec.ignore can leave the key out
      throw bucketFailed(
        obj,
        `indexation of objects from bucket '${spec.bucketName}' failed: ${message(e)}`,
        e,
      );
    }
    const { index } = indexed;
    let revision = index.revision();
    if (artifact?.revision === revision) {
      run.log.debug(`artifact up-to-date with remote revision: '${revision}'`);
      // the ignore rules changed without changing the selected objects: same content, new observation
      recordIgnore(obj);
      // an artifact stored before status.url existed gets its link once
      if (!obj.status?.url) {
        const url = linkArtifact(run.env.storage, artifact, LATEST);
        if (url) obj.status = { ...obj.status, url };
      }
      markStored(obj, run, index.size);
      return;
    }
    markNewRevision(obj, revision);

    let files: Awaited<ReturnType<typeof fetchObjects>>;
    try {
      files = await fetchObjects(client, spec.bucketName, index, pathOf, run.log);
    } catch (e: unknown) {
      throw bucketFailed(obj, `fetch from bucket '${spec.bucketName}' failed: ${message(e)}`, e);
    }
    if (indexed.sourceIgnore) files.push({ path: SOURCE_IGNORE_KEY, data: indexed.sourceIgnore });
    // what was fetched may differ from the listing (changed or vanished objects)
    revision = index.revision();
    const stored = await storeArtifact(run.env, obj, {
      file: `${revision.slice('sha256:'.length)}.tar.gz`,
      data: await createTarGz(files),
      revision,
    });
    const url = linkArtifact(run.env.storage, stored, LATEST);
    if (url) obj.status = { ...obj.status, url };
    recordIgnore(obj);
    markStored(obj, run, index.size);
  } finally {
    client.close();
  }
}

/** The name Flux links to the current artifact; `status.url` points at it. */
const LATEST = 'latest.tar.gz';

/**
 * Flux's `status.url`: gone with the artifact, otherwise re-derived from the artifact's URL so a
 * changed storage address reaches it too.
 */
function refreshStatusUrl(obj: BucketObject): void {
  if (!obj.status) return;
  const artifact = obj.status.artifact;
  if (!artifact) delete obj.status.url;
  else if (obj.status.url) obj.status.url = artifact.url.replace(/[^/]*$/, LATEST);
}

function cacheKeyOf(obj: BucketObject): string {
  return `${obj.metadata?.namespace}/${obj.metadata?.name}`;
}

/** Bucket plugged into the shared source reconcile loop. */
export const bucketKind: SourceKind<BucketObject> = {
  kind: 'Bucket',
  plural: 'buckets',
  reconcile: reconcileBucket,
  async finalize(obj) {
    forgetSourceIgnore(cacheKeyOf(obj));
  },
};
