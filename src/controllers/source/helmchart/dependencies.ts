import { readFile } from 'node:fs/promises';
import type { ArchiveEntry } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { Chart, ChartFile, Dependency } from '../../../engines/helm/index.ts';
import { loadChart, packageChartFiles, readChartArchive } from '../../../engines/helm/index.ts';
import { type Constraints, parseConstraints, parseVersion } from '../../../engines/semver/index.ts';
import type { SourceRun } from '../common/source-kind.ts';
import { helmClientOptions } from '../helm-repository-client/client-options.ts';
import { httpGet } from '../helm-repository-client/http-getter.ts';
import {
  chartDownloadUrl,
  DEFAULT_INDEX_MAX_BYTES,
  parseRepositoryIndex,
  type RepositoryIndex,
  resolveChartVersion,
} from '../helm-repository-client/repository-index.ts';
import { type HelmRepositoryObject, indexUrl, normalizeRepositoryUrl } from '../helmrepository/index.ts';
import { BuildReason, ChartBuildError } from './build-error.ts';
import { ociChartClient, pickChartTag, pullChartLayer } from './oci-build.ts';

const MAX_CHART_BYTES = 100 * 1024 * 1024;

/** What resolving a chart's missing dependencies needs. */
export interface DependencyInput {
  chart: Chart;
  /** The chart directory inside the source (for `file://` paths). */
  chartDir: string;
  /** The source's files, to load local dependencies from. */
  entries: ArchiveEntry[];
  namespace: string;
  /** A chart directory's files from the source, `.helmignore` applied. */
  directoryFiles(dir: string): ChartFile[] | undefined;
}

function joinPath(base: string, rel: string): string {
  const parts = base === '' ? [] : base.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** Flux's reading of a local dependency's version range: Masterminds, an empty one refused. */
function dependencyConstraints(dep: Dependency): Constraints {
  try {
    return parseConstraints(dep.version ?? '');
  } catch (e: unknown) {
    throw new Error(`invalid version/constraint format '${dep.version ?? ''}': ${toError(e).message}`);
  }
}

function checkVersion(constraints: Constraints, dep: Dependency, version: string): void {
  if (!constraints.check(parseVersion(version)))
    throw new Error(`can't get a valid version for constraint '${dep.version ?? ''}'`);
}

async function localDependency(input: DependencyInput, dep: Dependency): Promise<ChartFile> {
  const dir = joinPath(input.chartDir, (dep.repository ?? '').replace(/^file:\/\//, ''));
  const files = input.directoryFiles(dir);
  if (!files?.some((f) => f.name === 'Chart.yaml')) throw new Error(`no chart found at '${dir}'`);
  const constraints = dependencyConstraints(dep);
  const chart = await loadChart(files);
  checkVersion(constraints, dep, chart.metadata.version);
  const pkg = await packageChartFiles(chart.metadata, files);
  return { name: `charts/${pkg.fileName}`, data: pkg.data };
}

/** The namespace's HelmRepository for a dependency URL, as Flux's index by URL finds it. */
function repositoryFor(run: SourceRun, namespace: string, url: string): HelmRepositoryObject | undefined {
  const wanted = normalizeRepositoryUrl(url);
  return run.env
    .informerOf<HelmRepositoryObject>('HelmRepository')
    .store.list(namespace)
    .find((r) => {
      try {
        return normalizeRepositoryUrl(r.spec.url) === wanted;
      } catch {
        return false;
      }
    });
}

async function remoteDependency(run: SourceRun, input: DependencyInput, dep: Dependency): Promise<ChartFile> {
  const url = normalizeRepositoryUrl(dep.repository ?? '');
  const repo = repositoryFor(run, input.namespace, url);
  const client = repo
    ? await helmClientOptions(run.env.kube, input.namespace, { ...repo.spec, url })
    : { http: { repositoryUrl: url } };
  let index: RepositoryIndex;
  const stored = repo?.status?.artifact;
  if (stored) index = parseRepositoryIndex(await readFile(run.env.storage.localPath(stored)));
  else {
    const data = await httpGet(indexUrl(url), {
      ...client.http,
      timeoutMs: run.timeoutMs,
      signal: run.signal,
      maxBytes: DEFAULT_INDEX_MAX_BYTES,
    });
    index = parseRepositoryIndex(data);
  }
  const cv = resolveChartVersion(index, dep.name, dep.version ?? '*');
  const data = await httpGet(chartDownloadUrl(url, cv), {
    ...client.http,
    timeoutMs: run.timeoutMs,
    signal: run.signal,
    maxBytes: MAX_CHART_BYTES,
  });
  await loadChart(await readChartArchive(data));
  return { name: `charts/${cv.name}-${cv.version}.tgz`, data };
}

/** A dependency from an OCI registry, with the credentials of the namespace's HelmRepository of that URL. */
async function ociDependency(run: SourceRun, input: DependencyInput, dep: Dependency): Promise<ChartFile> {
  const url = (dep.repository ?? '').replace(/\/+$/, '');
  const found = run.env
    .informerOf<HelmRepositoryObject>('HelmRepository')
    .store.list(input.namespace)
    .find((r) => r.spec.url.replace(/\/+$/, '') === url);
  const repo: HelmRepositoryObject =
    found ??
    ({ metadata: { namespace: input.namespace }, spec: { url, interval: '' } } as HelmRepositoryObject);
  const client = found
    ? await helmClientOptions(run.env.kube, input.namespace, { ...found.spec, url, oci: true })
    : { http: {} };
  const oci = await ociChartClient(run, repo, client, dep.name);
  try {
    const tag = pickChartTag(await oci.client.listTags(oci.repository), dep.version ?? '*', oci.chartUrl);
    const data = await pullChartLayer(oci.client, oci.repository, tag, oci.chartUrl);
    await loadChart(await readChartArchive(data));
    return { name: `charts/${dep.name}-${tag.replace(/_/g, '+')}.tgz`, data };
  } finally {
    oci.client.close();
  }
}

/**
 * Flux's dependency manager for charts packaged from a source: every dependency declared in
 * Chart.yaml that is not already vendored in `charts/` is added as a packaged chart: `file://`
 * (or empty) repositories from the source itself, HTTP and OCI repositories through the
 * namespace's HelmRepository of that URL (its stored index and credentials) or, without one,
 * anonymously.
 * Returns the files to add and how many dependencies were resolved.
 */
export async function resolveDependencies(run: SourceRun, input: DependencyInput): Promise<ChartFile[]> {
  const present = new Set(input.chart.dependencies.map((d) => d.metadata.name));
  const added: ChartFile[] = [];
  for (const dep of input.chart.metadata.dependencies ?? []) {
    if (present.has(dep.name)) continue;
    const repository = dep.repository ?? '';
    const local = repository === '' || repository.startsWith('file://');
    try {
      if (local) added.push(await localDependency(input, dep));
      else if (/^https?:\/\//.test(repository)) added.push(await remoteDependency(run, input, dep));
      else if (repository.startsWith('oci://')) added.push(await ociDependency(run, input, dep));
      else throw new Error(`unsupported repository URL '${repository}'`);
    } catch (e: unknown) {
      const what = local ? 'local' : 'remote';
      throw new ChartBuildError(
        BuildReason.DependencyBuild,
        `failed to add ${what} dependency '${dep.name}': ${toError(e).message}`,
        { cause: e },
      );
    }
  }
  return added;
}
