import { readFile } from 'node:fs/promises';
import { toError } from '../../../engines/errors/index.ts';
import type { SourceRun } from '../common/source-kind.ts';
import { httpGet } from '../helm-repository-client/http-getter.ts';
import {
  chartDownloadUrl,
  parseRepositoryIndex,
  resolveChartVersion,
} from '../helm-repository-client/repository-index.ts';
import { normalizeRepositoryUrl } from '../helmrepository/index.ts';
import { BuildReason, ChartBuildError } from './build-error.ts';
import {
  buildPulledChart,
  type ChartBuild,
  pulledBuildPlan,
  type RepositoryBuildInput,
} from './chart-build.ts';

/** Most a chart archive may weigh when downloaded. */
const MAX_CHART_BYTES = 100 * 1024 * 1024;

/**
 * Flux's remote chart build from an HTTP HelmRepository: the repository's stored index (read from
 * the shared storage, as Flux does) resolves `spec.version`; the chart is downloaded with the
 * repository's credentials (sent to other hosts only with `passCredentials`) and validated; with
 * values files or version metadata it is re-packaged. A build equal to the stored artifact is
 * not downloaded at all.
 */
export async function buildFromHelmRepository(
  run: SourceRun,
  input: RepositoryBuildInput,
): Promise<ChartBuild> {
  const { spec, repo } = input;
  const artifact = repo.status?.artifact;
  let index: ReturnType<typeof parseRepositoryIndex>;
  try {
    if (!artifact) throw new Error('no artifact');
    index = parseRepositoryIndex(await readFile(run.env.storage.localPath(artifact)));
  } catch (e: unknown) {
    throw new ChartBuildError(
      BuildReason.ChartPull,
      `could not load repository index for remote chart reference: ${toError(e).message}`,
    );
  }
  let cv: ReturnType<typeof resolveChartVersion>;
  try {
    cv = resolveChartVersion(index, spec.chart, spec.version ?? '*');
  } catch (e: unknown) {
    throw new ChartBuildError(
      BuildReason.ChartReference,
      `failed to get chart version for remote reference: ${toError(e).message}`,
    );
  }
  const { version, versionMetadata, reuse } = pulledBuildPlan(input, cv.name, cv.version);
  if (reuse) return reuse;

  const repoUrl = normalizeRepositoryUrl(repo.spec.url);
  let data: Buffer;
  try {
    data = await httpGet(chartDownloadUrl(repoUrl, cv), {
      ...input.client.http,
      timeoutMs: run.timeoutMs,
      signal: run.signal,
      maxBytes: MAX_CHART_BYTES,
    });
  } catch (e: unknown) {
    throw new ChartBuildError(
      BuildReason.ChartPull,
      `failed to download chart for remote reference: ${toError(e).message}`,
    );
  }
  return buildPulledChart(input, { name: cv.name, version, versionMetadata, data }, (m) => ({
    ...m,
    version: cv.version,
  }));
}
