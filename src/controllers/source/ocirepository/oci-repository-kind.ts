import { ConditionReason } from '../../../api/meta/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { OciAnnotation } from '../../../runtime/oci/index.ts';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import { markNewRevision, storeArtifact } from '../common/artifact-steps.ts';
import type { SourceKind, SourceRun } from '../common/source-kind.ts';
import { verificationUnavailable } from '../common/verification-unavailable.ts';
import { parseRepositoryUrl, type RepositoryUrl, referenceString } from './artifact-ref.ts';
import { layerFailed, pullManifest, resolveRef, resolveRevision, selectLayer } from './fetch-steps.ts';
import { layerToArtifact } from './layer-content.ts';
import { contentConfigChanged, failed, message, type OCIRepositoryObject } from './object.ts';
import { connect } from './registry-connect.ts';
import { linkLatest, refreshStatusUrl } from './status-url.ts';

/** The most a layer may weigh when downloaded. */
const MAX_LAYER_BYTES = 512 * 1024 * 1024;

/** OCIRepository's ArtifactInStorage message (Flux says "digest" where other kinds say "revision"). */
const storedMessage = (revision: string) => `stored artifact for digest '${revision}'`;

/** Records the stored (or still current) artifact: ArtifactInStorage and the messages Flux sends. */
function markStored(obj: OCIRepositoryObject, run: SourceRun): void {
  const artifact = obj.status?.artifact;
  if (!artifact) return;
  const stored = storedMessage(artifact.revision);
  conditions.remove(obj, SourceCondition.ArtifactOutdated);
  conditions.markTrue(obj, SourceCondition.ArtifactInStorage, ConditionReason.Succeeded, stored);
  run.successMessage = stored;
  let notify = `stored artifact with revision '${artifact.revision}' from '${obj.spec.url}'`;
  const origin = artifact.metadata?.[OciAnnotation.Source];
  const originRevision = artifact.metadata?.[OciAnnotation.Revision];
  if (origin && originRevision) notify += `, origin source '${origin}', origin revision '${originRevision}'`;
  run.notifyMessage = notify;
}

/**
 * Flux's OCIRepository: resolve the reference (digest > semver > tag, default `latest`) to a
 * manifest digest with a HEAD, skip everything when the stored artifact already has that revision
 * and was built with the same ignore rules and layer selector, otherwise pull the manifest and
 * the selected layer (digest-verified), extract-filter-repack or copy it, and store it with the
 * manifest annotations as metadata.
 */
async function reconcileOCIRepository(obj: OCIRepositoryObject, run: SourceRun): Promise<void> {
  const { spec } = obj;
  refreshStatusUrl(run.env, obj);
  // Flux words this condition by digest; keep it so even when this run fails
  const current = obj.status?.artifact;
  if (current)
    conditions.markTrue(
      obj,
      SourceCondition.ArtifactInStorage,
      ConditionReason.Succeeded,
      storedMessage(current.revision),
    );
  // a failed verification is computed again; without verify there is nothing to report
  if (!spec.verify || conditions.isFalse(obj, SourceCondition.SourceVerified))
    conditions.remove(obj, SourceCondition.SourceVerified);
  let repo: RepositoryUrl;
  try {
    repo = parseRepositoryUrl(spec.url);
  } catch (e: unknown) {
    throw failed(
      obj,
      new StallingError(SourceReason.URLInvalid, `URL validation failed for '${spec.url}': ${message(e)}`),
    );
  }
  const client = await connect(obj, run, repo);
  try {
    const ref = await resolveRef(obj, client, repo);
    const { revision, digest } = await resolveRevision(obj, client, repo, ref);
    markNewRevision(obj, revision, `new revision '${revision}' for '${referenceString(repo, ref)}'`);

    if (spec.verify) {
      const upToDate = obj.status?.artifact?.revision === revision;
      const verified = conditions.get(obj, SourceCondition.SourceVerified);
      if (
        !upToDate ||
        verified?.observedGeneration !== obj.metadata?.generation ||
        verified?.status !== 'True'
      )
        throw verificationUnavailable(obj, spec.verify, 'artifacts');
    }

    if (obj.status?.artifact?.revision === revision && !contentConfigChanged(obj)) {
      conditions.remove(obj, SourceCondition.FetchFailed);
      markStored(obj, run);
      return;
    }

    const manifest = await pullManifest(obj, client, repo, digest);
    const layer = selectLayer(obj, manifest);
    const operation = spec.layerSelector?.operation ?? 'extract';
    let data: Buffer;
    try {
      const blob = await client.getBlob(repo.repository, layer, MAX_LAYER_BYTES);
      data = await layerToArtifact(blob, { operation, ignore: spec.ignore });
    } catch (e: unknown) {
      const what =
        operation === 'copy'
          ? 'failed to copy layer from artifact'
          : 'failed to extract layer contents from artifact';
      throw layerFailed(obj, `${what}: ${message(e)}`, e);
    }
    const stored = await storeArtifact(run.env, obj, {
      file: `${digest}.tar.gz`,
      data,
      revision,
      metadata: manifest.annotations,
    });
    linkLatest(run.env, obj, stored);
    obj.status ??= {};
    if (spec.ignore === undefined) delete obj.status.observedIgnore;
    else obj.status.observedIgnore = spec.ignore;
    if (spec.layerSelector === undefined) delete obj.status.observedLayerSelector;
    else obj.status.observedLayerSelector = structuredClone(spec.layerSelector);
    conditions.remove(obj, SourceCondition.FetchFailed);
    markStored(obj, run);
  } finally {
    client.close();
  }
}

/** OCIRepository plugged into the shared source reconcile loop. */
export const ociRepositoryKind: SourceKind<OCIRepositoryObject> = {
  kind: 'OCIRepository',
  plural: 'ocirepositories',
  conditions: [SourceCondition.SourceVerified],
  reconcile: reconcileOCIRepository,
};
