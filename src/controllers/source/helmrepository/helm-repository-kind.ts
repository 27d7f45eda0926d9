import { ConditionReason } from '../../../api/meta/index.ts';
import type { HelmRepositorySpec } from '../../../api/source/v1/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import { sha256Digest } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import {
  hasFinalizer,
  removeFinalizer,
  StallingError,
  TransientError,
} from '../../../runtime/reconcile/index.ts';
import { fetchFailed, markNewRevision, storeArtifact } from '../common/artifact-steps.ts';
import type { SourceKind, SourceRun } from '../common/source-kind.ts';
import type { SourceObject } from '../common/source-object.ts';
import { linkArtifact } from '../common/status-url.ts';
import { helmClientOptions } from '../helm-repository-client/client-options.ts';
import { httpGet, TooLargeError } from '../helm-repository-client/http-getter.ts';
import { humanSize } from '../helm-repository-client/human-size.ts';
import { indexToJson } from '../helm-repository-client/index-json.ts';
import {
  DEFAULT_INDEX_MAX_BYTES,
  parseRepositoryIndex,
  type RepositoryIndex,
} from '../helm-repository-client/repository-index.ts';

/** A HelmRepository as the reconciler reads and writes it. */
export type HelmRepositoryObject = SourceObject & {
  spec: HelmRepositorySpec & SourceObject['spec'];
  status?: SourceObject['status'] & { url?: string };
};

const message = (e: unknown) => toError(e).message;

/** Flux's `NormalizeURL`: a `default` repository URL always ends with one slash. */
export function normalizeRepositoryUrl(raw: string): string {
  const u = new URL(raw);
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(`unsupported scheme '${u.protocol}'`);
  if (!u.host) throw new Error('missing host');
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

/** The `index.yaml` URL of a repository URL (a path URL keeps its path). */
export function indexUrl(repositoryUrl: string): string {
  const u = new URL(repositoryUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/index.yaml`;
  return u.href;
}

/**
 * Flux 2.9 does not reconcile `type: oci` HelmRepositories: they are static data for HelmCharts.
 * One that still carries the finalizer or a status from an older controller is migrated: its
 * artifacts removed, the finalizer dropped, the status emptied.
 */
async function bypassOci(obj: HelmRepositoryObject, run: SourceRun): Promise<boolean> {
  if (obj.spec.type !== 'oci') return false;
  if (obj.spec.suspend && !obj.metadata?.deletionTimestamp) return true;
  const hasStatus =
    !!obj.status && Object.keys(obj.status).some((k) => k !== 'observedGeneration' || obj.status?.[k] !== -1);
  if (!hasFinalizer(obj) && !hasStatus) return true;
  run.env.storage.removeAll('HelmRepository', obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
  await removeFinalizer(run.env.kube, run.ref, obj);
  if (hasStatus) await run.env.kube.patchStatus(run.ref, { status: null });
  return true;
}

async function fetchIndex(obj: HelmRepositoryObject, run: SourceRun, url: string): Promise<Buffer> {
  let client: Awaited<ReturnType<typeof helmClientOptions>>;
  try {
    client = await helmClientOptions(run.env.kube, obj.metadata?.namespace ?? '', { ...obj.spec, url });
  } catch (e: unknown) {
    throw fetchFailed(obj, new TransientError(SourceReason.AuthenticationFailed, message(e), { cause: e }));
  }
  if (client.deprecatedTls)
    run.log.info(
      'warning: specifying TLS authentication data via `.spec.secretRef` is deprecated, please use `.spec.certSecretRef` instead',
    );
  try {
    return await httpGet(indexUrl(url), {
      ...client.http,
      timeoutMs: run.timeoutMs,
      signal: run.signal,
      maxBytes: DEFAULT_INDEX_MAX_BYTES,
    });
  } catch (e: unknown) {
    const why =
      e instanceof TooLargeError
        ? `failed to cache index to temporary file: index exceeds the maximum index file size of ${DEFAULT_INDEX_MAX_BYTES} bytes`
        : `failed to cache index to temporary file: ${message(e)}`;
    // Flux's reason for every fetch failure, a 401 included
    throw fetchFailed(
      obj,
      new TransientError(ConditionReason.Failed, `failed to fetch Helm repository index: ${why}`, {
        cause: e,
      }),
    );
  }
}

/** Records the stored (or still current) artifact as Flux words it. */
function markStored(obj: HelmRepositoryObject, run: SourceRun, url: string): void {
  const artifact = obj.status?.artifact;
  if (!artifact) return;
  const stored = `stored artifact: revision '${artifact.revision}'`;
  conditions.remove(obj, SourceCondition.ArtifactOutdated);
  conditions.markTrue(obj, SourceCondition.ArtifactInStorage, ConditionReason.Succeeded, stored);
  run.successMessage = stored;
  const size = artifact.size === undefined ? 'unknown size' : `size ${humanSize(artifact.size)}`;
  run.notifyMessage = `stored fetched index of ${size} from '${url}'`;
  const link = linkArtifact(run.env.storage, artifact, 'index.yaml');
  if (link) obj.status = { ...obj.status, url: link };
}

/**
 * Flux's HelmRepository (`type: default`): fetch `<url>/index.yaml` (redirects, auth, TLS, the
 * 50 MiB limit), skip when its sha256 equals the stored revision, else validate it as Helm loads
 * indexes and store it as JSON in `index-<hex>.yaml`, with `status.url` the `index.yaml` link.
 */
async function reconcileHelmRepository(obj: HelmRepositoryObject, run: SourceRun): Promise<void> {
  const { spec } = obj;
  // a failing fetch keeps Flux's wording of the artifact still served (the shared step words it generically)
  const served = obj.status?.artifact;
  if (served && conditions.isTrue(obj, SourceCondition.ArtifactInStorage))
    conditions.markTrue(
      obj,
      SourceCondition.ArtifactInStorage,
      ConditionReason.Succeeded,
      `stored artifact: revision '${served.revision}'`,
    );
  if (spec.url.startsWith('oci://'))
    throw fetchFailed(
      obj,
      new StallingError(
        SourceReason.URLInvalid,
        "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default' HelmRepository type",
      ),
    );
  let url: string;
  try {
    url = normalizeRepositoryUrl(spec.url);
  } catch (e: unknown) {
    throw fetchFailed(
      obj,
      new StallingError(SourceReason.URLInvalid, `invalid Helm repository URL: ${message(e)}`),
    );
  }
  const data = await fetchIndex(obj, run, url);
  const revision = sha256Digest(data);
  if (obj.status?.artifact?.revision === revision) {
    conditions.remove(obj, SourceCondition.FetchFailed);
    markStored(obj, run, url);
    return;
  }
  let index: RepositoryIndex;
  try {
    index = parseRepositoryIndex(data, DEFAULT_INDEX_MAX_BYTES);
  } catch (e: unknown) {
    throw fetchFailed(
      obj,
      new TransientError(
        SourceReason.IndexationFailed,
        `failed to load Helm repository from index YAML: failed to load index: ${message(e)}`,
        { cause: e },
      ),
    );
  }
  conditions.remove(obj, SourceCondition.FetchFailed);
  markNewRevision(obj, revision, `new index revision '${revision}'`);
  await storeArtifact(run.env, obj, {
    file: `index-${revision.slice('sha256:'.length)}.yaml`,
    data: Buffer.from(indexToJson(index as RepositoryIndex & Record<string, unknown>)),
    revision,
  });
  markStored(obj, run, url);
}

/** HelmRepository plugged into the shared source reconcile loop. */
export const helmRepositoryKind: SourceKind<HelmRepositoryObject> = {
  kind: 'HelmRepository',
  plural: 'helmrepositories',
  bypass: bypassOci,
  reconcile: reconcileHelmRepository,
};
