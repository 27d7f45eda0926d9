import { ConditionReason } from '../../../api/meta/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/conditions.ts';
import type { OCILayerSelector, OCIRepositorySpec } from '../../../api/source/v1/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  isLocalRegistryHost,
  OciAnnotation,
  RegistryClient,
} from '../../../runtime/oci/index.ts';
import { StallingError, TransientError } from '../../../runtime/reconcile/index.ts';
import { fetchFailed, storeArtifact } from '../common/artifact-steps.ts';
import type { SourceKind, SourceRun } from '../common/source-kind.ts';
import type { SourceObject } from '../common/source-object.ts';
import {
  parseRepositoryUrl,
  type RepositoryUrl,
  referenceString,
  selectArtifactRef,
  validDigest,
} from './artifact-ref.ts';
import { layerToArtifact } from './layer-content.ts';
import { type RegistryAuth, resolveRegistryAuth } from './registry-auth.ts';
import { pickSemverTag } from './semver-tag.ts';
import { linkLatest, refreshStatusUrl } from './status-url.ts';
import { readProxySecret, readTlsSecret, type TlsMaterial } from './transport.ts';
import { verificationUnavailable } from './verify.ts';

/** An OCIRepository as the reconciler reads and writes it. */
export type OCIRepositoryObject = SourceObject & {
  spec: OCIRepositorySpec;
  status?: SourceObject['status'] & {
    observedIgnore?: string;
    observedLayerSelector?: OCILayerSelector;
    url?: string;
  };
};

/** The most a layer may weigh when downloaded. */
const MAX_LAYER_BYTES = 512 * 1024 * 1024;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Records FetchFailed with the error's reason and returns the error to throw. */
function failed(obj: OCIRepositoryObject, err: Error & { reason: string }): Error {
  return fetchFailed(obj, err);
}

/** Flux's `ociContentConfigChanged`: the stored artifact was built with other ignore rules or layer selector. */
export function contentConfigChanged(obj: OCIRepositoryObject): boolean {
  if ((obj.spec.ignore ?? undefined) !== (obj.status?.observedIgnore ?? undefined)) return true;
  const a = obj.spec.layerSelector;
  const b = obj.status?.observedLayerSelector;
  if (!a || !b) return !a !== !b;
  return (a.mediaType ?? '') !== (b.mediaType ?? '') || (a.operation ?? '') !== (b.operation ?? '');
}

/** Credentials, proxy and TLS of the object, each failure worded and classified as Flux does. */
async function connect(
  obj: OCIRepositoryObject,
  run: SourceRun,
  repo: RepositoryUrl,
): Promise<RegistryClient> {
  const { spec } = obj;
  const namespace = obj.metadata?.namespace ?? '';
  let auth: RegistryAuth;
  try {
    auth = await resolveRegistryAuth(run.env.kube, namespace, repo, spec);
  } catch (e: unknown) {
    throw failed(
      obj,
      new TransientError(SourceReason.AuthenticationFailed, `failed to get credential: ${message(e)}`, {
        cause: e,
      }),
    );
  }
  let proxy: Awaited<ReturnType<typeof readProxySecret>> | undefined;
  if (spec.proxySecretRef?.name) {
    try {
      proxy = await readProxySecret(run.env.kube, namespace, spec.proxySecretRef.name);
    } catch (e: unknown) {
      throw failed(
        obj,
        new TransientError(SourceReason.AuthenticationFailed, `failed to get proxy address: ${message(e)}`, {
          cause: e,
        }),
      );
    }
  }
  const provider = spec.provider ?? 'generic';
  if (auth.anonymous && provider !== 'generic') {
    if (spec.serviceAccountName) {
      throw failed(
        obj,
        new StallingError(
          ConditionReason.FeatureGateDisabled,
          'to use spec.serviceAccountName for provider authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller',
        ),
      );
    }
    throw failed(
      obj,
      new StallingError(
        SourceReason.AuthenticationFailed,
        `failed to get credential from ${provider}: ${provider} workload identity is not available to tsflux: ` +
          'no cloud metadata or token service is reachable; set spec.secretRef to a docker config secret or ' +
          "use provider 'generic'",
      ),
    );
  }
  let tls: TlsMaterial = {};
  if (spec.certSecretRef?.name) {
    try {
      tls = await readTlsSecret(run.env.kube, namespace, spec.certSecretRef.name);
    } catch (e: unknown) {
      throw failed(
        obj,
        new TransientError(
          SourceReason.AuthenticationFailed,
          `failed to generate transport for '${spec.url}': ${message(e)}`,
          { cause: e },
        ),
      );
    }
  }
  return new RegistryClient(repo.host, {
    httpFallback: spec.insecure === true || isLocalRegistryHost(repo.host),
    // Flux skips verification only for `insecure` without a certSecretRef
    tlsSkipVerify: spec.insecure === true && !spec.certSecretRef?.name,
    ca: tls.ca,
    caWithSystemRoots: true,
    cert: tls.cert,
    key: tls.key,
    credentials: auth.credentials,
    proxy,
    timeoutMs: run.timeoutMs,
    userAgent: 'tsflux/source-controller',
  });
}

/** The tag or digest to pull, resolving `semver` against the repository's tags. */
async function resolveRef(
  obj: OCIRepositoryObject,
  client: RegistryClient,
  repo: RepositoryUrl,
): Promise<{ tag?: string; digest?: string }> {
  const ref = selectArtifactRef(obj.spec.ref);
  if (ref.type === 'digest') return { digest: ref.digest };
  if (ref.type === 'tag') return { tag: ref.tag };
  try {
    return { tag: pickSemverTag(await client.listTags(repo.repository), ref.semver, ref.filter) };
  } catch (e: unknown) {
    throw failed(
      obj,
      new TransientError(
        SourceReason.ReadOperationFailed,
        `failed to determine the artifact tag for '${obj.spec.url}': ${message(e)}`,
        { cause: e },
      ),
    );
  }
}

/** Flux's revision: `<tag>@sha256:<manifest digest>`, or the digest alone for a digest ref. */
async function resolveRevision(
  obj: OCIRepositoryObject,
  client: RegistryClient,
  repo: RepositoryUrl,
  ref: { tag?: string; digest?: string },
): Promise<{ revision: string; digest: string }> {
  try {
    if (ref.digest) {
      if (!validDigest(ref.digest)) throw new Error(`unsupported digest '${ref.digest}'`);
      return { revision: ref.digest, digest: ref.digest };
    }
    const digest = await client.resolveDigest(repo.repository, ref.tag ?? 'latest');
    return { revision: `${ref.tag}@${digest}`, digest };
  } catch (e: unknown) {
    throw failed(
      obj,
      new TransientError(
        SourceReason.OCIArtifactPullFailed,
        `failed to determine artifact digest: ${message(e)}`,
        {
          cause: e,
        },
      ),
    );
  }
}

/** Marks an upstream revision that differs from the stored one, with Flux's messages. */
function markNewRevision(obj: OCIRepositoryObject, revision: string, ref: string): void {
  if (obj.status?.artifact?.revision === revision) return;
  const text = `new revision '${revision}' for '${ref}'`;
  if (obj.status?.artifact) conditions.markTrue(obj, SourceCondition.ArtifactOutdated, 'NewRevision', text);
  conditions.markReconciling(obj, ConditionReason.Progressing, `building artifact: ${text}`);
}

/** The manifest of the artifact (the linux/amd64 image of an index), fetched by digest. */
async function pullManifest(
  obj: OCIRepositoryObject,
  client: RegistryClient,
  repo: RepositoryUrl,
  digest: string,
): Promise<ImageManifest> {
  try {
    const got = await client.getManifest(repo.repository, digest);
    if (!('manifests' in got.manifest)) return got.manifest;
    // Flux pulls an index as go-containerregistry does: the child for the default platform
    const child = (got.manifest as ImageIndex).manifests.find(
      (m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64',
    );
    if (!child)
      throw new Error(
        `no child with platform linux/amd64 in index ${repo.host}/${repo.repository}@${digest}`,
      );
    return (await client.getManifest(repo.repository, child.digest)).manifest as ImageManifest;
  } catch (e: unknown) {
    throw failed(
      obj,
      new TransientError(
        SourceReason.OCIArtifactPullFailed,
        `failed to pull artifact from '${obj.spec.url}': ${message(e)}`,
        {
          cause: e,
        },
      ),
    );
  }
}

function layerFailed(obj: OCIRepositoryObject, text: string, cause?: unknown): Error {
  return failed(obj, new TransientError(SourceReason.OCIArtifactLayerOperationFailed, text, { cause }));
}

/** The layer `spec.layerSelector.mediaType` names, or the first one. */
function selectLayer(obj: OCIRepositoryObject, manifest: ImageManifest): Descriptor {
  const layers = manifest.layers ?? [];
  if (layers.length === 0) throw layerFailed(obj, 'no layers found in artifact');
  const wanted = obj.spec.layerSelector?.mediaType;
  if (!wanted) return layers[0];
  const found = layers.find((l) => l.mediaType === wanted);
  if (!found) throw layerFailed(obj, `failed to find layer with media type '${wanted}' in artifact`);
  return found;
}

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
    markNewRevision(obj, revision, referenceString(repo, ref));

    if (spec.verify) {
      const upToDate = obj.status?.artifact?.revision === revision;
      const verified = conditions.get(obj, SourceCondition.SourceVerified);
      if (
        !upToDate ||
        verified?.observedGeneration !== obj.metadata?.generation ||
        verified?.status !== 'True'
      )
        throw verificationUnavailable(obj, spec.verify);
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
      data = layerToArtifact(blob, { operation, ignore: spec.ignore });
    } catch (e: unknown) {
      const what =
        operation === 'copy'
          ? 'failed to copy layer from artifact'
          : 'failed to extract layer contents from artifact';
      throw layerFailed(obj, `${what}: ${message(e)}`, e);
    }
    const stored = storeArtifact(run.env, obj, {
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
