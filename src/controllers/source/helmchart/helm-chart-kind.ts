import { existsSync } from 'node:fs';
import type { Artifact } from '../../../api/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import type { HelmChartSpec } from '../../../api/source/v1/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { StallingError, TransientError, WaitingError } from '../../../runtime/reconcile/index.ts';
import { storeArtifact } from '../common/artifact-steps.ts';
import type { SourceKind, SourceRun } from '../common/source-kind.ts';
import type { SourceObject } from '../common/source-object.ts';
import { linkArtifact } from '../common/status-url.ts';
import { verificationUnavailable } from '../common/verification-unavailable.ts';
import { helmClientOptions } from '../helm-repository-client/client-options.ts';
import type { HelmRepositoryObject } from '../helmrepository/index.ts';
import { BuildReason, ChartBuildError } from './build-error.ts';
import { buildSummary, type CachedBuild, type ChartBuild, effectiveValuesFiles } from './chart-build.ts';
import { buildFromSourceArtifact } from './local-build.ts';
import { buildFromOciRepository } from './oci-build.ts';
import { buildFromHelmRepository } from './remote-build.ts';
import { revisionMetadata, versionMetadata } from './version-metadata.ts';
import { watchSources } from './watches.ts';

/** A HelmChart as the reconciler reads and writes it. */
export type HelmChartObject = SourceObject & {
  spec: HelmChartSpec & SourceObject['spec'];
  status?: SourceObject['status'] & {
    url?: string;
    observedChartName?: string;
    observedSourceArtifactRevision?: string;
    observedValuesFiles?: string[];
  };
};

type SourceWithArtifact = SourceObject & { status?: { artifact?: Artifact } };

const PLURALS: Record<string, string> = {
  HelmRepository: 'helmrepositories',
  GitRepository: 'gitrepositories',
  Bucket: 'buckets',
};

/** How long to wait for a source without an artifact before looking again. */
const NO_ARTIFACT_REQUEUE_MS = 5_000;

/** The referenced source from the shared informer, or Flux's `failed to get source` failure. */
function getSource(obj: HelmChartObject, run: SourceRun): SourceWithArtifact {
  const { kind, name } = obj.spec.sourceRef;
  const plural = PLURALS[kind];
  if (!plural) {
    const text = `failed to get source: unsupported source kind '${kind}', must be one of: [HelmRepository GitRepository Bucket]`;
    conditions.markTrue(obj, SourceCondition.FetchFailed, 'SourceUnavailable', text);
    throw new StallingError('UnsupportedSourceKind', text);
  }
  const found = run.env.informerOf<SourceWithArtifact>(kind).get(obj.metadata?.namespace, name);
  if (!found) {
    const text = `failed to get source: ${plural}.source.toolkit.fluxcd.io "${name}" not found`;
    conditions.markTrue(obj, SourceCondition.FetchFailed, 'SourceUnavailable', text);
    throw new TransientError('SourceUnavailable', text);
  }
  return found;
}

/** Flux's `observeChartBuild`: a new chart or version marks ArtifactOutdated and Reconciling. */
function observeBuild(obj: HelmChartObject, build: ChartBuild): void {
  if (build.name === obj.status?.observedChartName && obj.status?.artifact?.revision === build.version)
    return;
  const summary = buildSummary(build);
  if (obj.status?.artifact) conditions.markTrue(obj, SourceCondition.ArtifactOutdated, 'NewChart', summary);
  conditions.markReconciling(obj, ConditionReason.Progressing, `building artifact: ${summary}`);
}

/** A build failure as Flux records it: BuildFailed for packaging reasons, else FetchFailed. */
function buildFailed(obj: HelmChartObject, e: unknown): Error {
  const err =
    e instanceof ChartBuildError
      ? e
      : new ChartBuildError(BuildReason.Unknown, toError(e).message, { cause: e });
  if (err.isBuildFailure) {
    conditions.remove(obj, SourceCondition.FetchFailed);
    conditions.markTrue(obj, SourceCondition.BuildFailed, err.kind.reason, err.message);
  } else {
    conditions.remove(obj, SourceCondition.BuildFailed);
    conditions.markTrue(obj, SourceCondition.FetchFailed, err.kind.reason, err.message);
  }
  return err.persistent
    ? new StallingError(err.kind.reason, err.message, { cause: err })
    : new TransientError(err.kind.reason, err.message, { cause: err });
}

/** The stored artifact when it may be reused: same generation, file still there. */
function cachedBuild(obj: HelmChartObject, run: SourceRun): CachedBuild | undefined {
  const a = obj.status?.artifact;
  const name = obj.status?.observedChartName;
  if (!a || !name) return undefined;
  if (obj.metadata?.generation !== obj.status?.observedGeneration) return undefined;
  if (!existsSync(run.env.storage.localPath(a))) return undefined;
  return { name, version: a.revision, valuesFiles: obj.status?.observedValuesFiles };
}

async function buildFromRepository(
  obj: HelmChartObject,
  run: SourceRun,
  repo: HelmRepositoryObject,
  valuesFiles: string[],
): Promise<ChartBuild> {
  let client: Awaited<ReturnType<typeof helmClientOptions>>;
  try {
    client = await helmClientOptions(run.env.kube, repo.metadata?.namespace ?? '', {
      ...repo.spec,
      oci: repo.spec.type === 'oci',
    });
  } catch (e: unknown) {
    const text = toError(e).message;
    conditions.markTrue(obj, SourceCondition.FetchFailed, SourceReason.AuthenticationFailed, text);
    throw new TransientError(SourceReason.AuthenticationFailed, text, { cause: e });
  }
  const generation = obj.metadata?.generation ?? 0;
  const input = {
    spec: obj.spec,
    repo,
    client,
    cached: cachedBuild(obj, run),
    valuesFiles,
    versionMetadata: (files: string[]) => versionMetadata(undefined, files, generation),
  };
  if (repo.spec.type === 'oci') {
    if (!repo.spec.url.startsWith('oci://')) {
      const text = `invalid OCI registry URL: ${repo.spec.url}`;
      conditions.markTrue(obj, SourceCondition.FetchFailed, SourceReason.URLInvalid, text);
      throw new StallingError(SourceReason.URLInvalid, text);
    }
    const provider = repo.spec.provider ?? 'generic';
    if (provider !== 'generic' && !repo.spec.secretRef?.name) {
      // cloud workload identity needs the provider's metadata service, which tsflux cannot reach
      const text =
        `failed to get credential from '${provider}': ${provider} workload identity is not available to tsflux: ` +
        "set spec.secretRef on the HelmRepository or use provider 'generic'";
      conditions.markTrue(obj, SourceCondition.FetchFailed, SourceReason.AuthenticationFailed, text);
      throw new TransientError(SourceReason.AuthenticationFailed, text);
    }
    if (obj.spec.verify) throw verificationUnavailable(obj, obj.spec.verify, 'charts');
    return buildFromOciRepository(run, input);
  }
  return buildFromHelmRepository(run, input);
}

/**
 * The shared storage step words ArtifactInStorage generically; a HelmChart whose reconcile fails
 * keeps Flux's wording of its stored build (`pulled`/`packaged '<chart>' chart with version ...`).
 */
function keepStoredMessage(obj: HelmChartObject): void {
  const a = obj.status?.artifact;
  const name = obj.status?.observedChartName;
  if (!a || !name || !conditions.isTrue(obj, SourceCondition.ArtifactInStorage)) return;
  const packaged = obj.spec.sourceRef.kind !== 'HelmRepository' || a.revision.includes('+');
  const build: ChartBuild = {
    name,
    version: a.revision,
    packaged,
    valuesFiles: obj.status?.observedValuesFiles ?? [],
  };
  conditions.markTrue(
    obj,
    SourceCondition.ArtifactInStorage,
    packaged ? SourceReason.ChartPackageSucceeded : SourceReason.ChartPullSucceeded,
    buildSummary(build),
  );
}

/**
 * Flux's HelmChart: resolve the source (HelmRepository, GitRepository or Bucket), wait while it
 * has no artifact, build the chart (pull from an HTTP or OCI repository, or package from the
 * source artifact), and store `<name>-<version>.tgz` with the version as revision and
 * `latest.tar.gz` as `status.url`. A build equal to the stored artifact writes nothing.
 */
async function reconcileHelmChart(obj: HelmChartObject, run: SourceRun): Promise<void> {
  if (conditions.isFalse(obj, SourceCondition.SourceVerified))
    conditions.remove(obj, SourceCondition.SourceVerified);
  keepStoredMessage(obj);
  const source = getSource(obj, run);
  const { kind, name } = obj.spec.sourceRef;
  const isOciRepo = kind === 'HelmRepository' && (source as HelmRepositoryObject).spec?.type === 'oci';
  const artifact = source.status?.artifact;
  if (!isOciRepo && (!artifact || !existsSync(run.env.storage.localPath(artifact)))) {
    const text = `no artifact available for ${kind} source '${name}'`;
    conditions.markTrue(obj, SourceCondition.FetchFailed, 'NoSourceArtifact', text);
    throw new WaitingError('NoSourceArtifact', NO_ARTIFACT_REQUEUE_MS, text);
  }
  obj.status ??= {};
  if (artifact) obj.status.observedSourceArtifactRevision = artifact.revision;

  const valuesFiles = effectiveValuesFiles(obj.spec.valuesFiles);
  let build: ChartBuild;
  try {
    if (kind === 'HelmRepository') {
      build = await buildFromRepository(obj, run, source as HelmRepositoryObject, valuesFiles);
    } else {
      const revisionMeta =
        obj.spec.reconcileStrategy === 'Revision' && artifact
          ? revisionMetadata(kind, artifact.revision)
          : undefined;
      build = await buildFromSourceArtifact(run, {
        chartPath: obj.spec.chart,
        source: artifact as Artifact,
        cached: cachedBuild(obj, run),
        versionMetadata: versionMetadata(revisionMeta, valuesFiles, obj.metadata?.generation ?? 0),
        valuesFiles,
        ignoreMissingValuesFiles: obj.spec.ignoreMissingValuesFiles === true,
        namespace: obj.metadata?.namespace ?? '',
      });
    }
  } catch (e: unknown) {
    if (e instanceof StallingError || e instanceof TransientError || e instanceof WaitingError) throw e;
    throw buildFailed(obj, e);
  }
  observeBuild(obj, build);
  conditions.remove(obj, SourceCondition.FetchFailed);
  conditions.remove(obj, SourceCondition.BuildFailed);
  if (build.data) {
    await storeArtifact(run.env, obj, {
      file: `${build.name}-${build.version}.tgz`,
      data: build.data,
      revision: build.version,
    });
    obj.status.observedChartName = build.name;
  }
  if (build.valuesFiles.length > 0) obj.status.observedValuesFiles = build.valuesFiles;
  else delete obj.status.observedValuesFiles;
  const stored = obj.status.artifact;
  if (stored) {
    const link = linkArtifact(run.env.storage, stored, 'latest.tar.gz');
    if (link) obj.status.url = link;
  }
  const summary = buildSummary(build);
  conditions.remove(obj, SourceCondition.ArtifactOutdated);
  conditions.markTrue(
    obj,
    SourceCondition.ArtifactInStorage,
    build.packaged ? SourceReason.ChartPackageSucceeded : SourceReason.ChartPullSucceeded,
    summary,
  );
  run.successMessage = summary;
  run.successReason = build.packaged ? SourceReason.ChartPackageSucceeded : SourceReason.ChartPullSucceeded;
  run.notifyMessage = summary;
  run.notifyReason = run.successReason;
}

/** HelmChart plugged into the shared source reconcile loop. */
export const helmChartKind: SourceKind<HelmChartObject> = {
  kind: 'HelmChart',
  plural: 'helmcharts',
  conditions: [SourceCondition.SourceVerified],
  reconcile: reconcileHelmChart,
  watches: watchSources,
};
