import type { HelmChartSpec } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { ChartFile, ChartMetadata } from '../../../engines/helm/index.ts';
import {
  loadChart,
  mergeMaps,
  packageChartFiles,
  parseValuesYaml,
  readChartArchive,
  type Values,
} from '../../../engines/helm/index.ts';
import type { HelmClientOptions } from '../helm-repository-client/client-options.ts';
import type { HelmRepositoryObject } from '../helmrepository/index.ts';
import { BuildReason, ChartBuildError } from './build-error.ts';
import { setBuildMetadata } from './version-metadata.ts';

/** A finished chart build: what the artifact holds and how Flux summarises it. */
export interface ChartBuild {
  name: string;
  version: string;
  /** The chart archive to store; undefined when the stored artifact already is this build. */
  data?: Buffer;
  packaged: boolean;
  /** The values files merged into values.yaml (those found). */
  valuesFiles: string[];
}

/** The stored artifact's build, as status records it. */
export interface CachedBuild {
  name: string;
  version: string;
  valuesFiles?: string[];
}

/** What a build from a HelmRepository (HTTP or OCI) needs besides the chart spec. */
export interface RepositoryBuildInput {
  spec: HelmChartSpec;
  repo: HelmRepositoryObject;
  client: HelmClientOptions;
  /** The stored build, reusable when name and version match (its merged values files kept). */
  cached?: CachedBuild;
  versionMetadata: (valuesFiles: string[]) => string;
  valuesFiles: string[];
}

/** Flux's `Build.Summary()`: `pulled 'x' chart with version 'y'`, or `packaged ...`, plus values files. */
export function buildSummary(b: ChartBuild): string {
  let s = `${b.packaged ? 'packaged' : 'pulled'} '${b.name}' chart with version '${b.version}'`;
  if (b.valuesFiles.length > 0) s += ` and merged values files [${b.valuesFiles.join(' ')}]`;
  return s;
}

/** Flux's `GetValuesFiles`: a lone `values.yaml` is the chart default, i.e. nothing to merge. */
export function effectiveValuesFiles(files: string[] | undefined): string[] {
  const list = files ?? [];
  if (list.length === 1 && cleanChartPath(list[0]) === 'values.yaml') return [];
  return list;
}

/** A path inside a chart or source, made relative and clean; `..` cannot leave the root. */
export function cleanChartPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** `version` with Flux's build metadata set (as it is without metadata); a version that is no SemVer fails the build. */
export function withBuildMetadata(version: string, metadata: string): string {
  if (!metadata) return version;
  try {
    return setBuildMetadata(version, metadata);
  } catch (e: unknown) {
    throw new ChartBuildError(BuildReason.MetadataPatch, toError(e).message);
  }
}

/** The stored build when it is this chart at this version: nothing to download or package again. */
export function reusableBuild(
  input: { cached?: CachedBuild; valuesFiles: string[] },
  name: string,
  version: string,
  packaged: boolean,
): ChartBuild | undefined {
  if (input.cached?.name !== name || input.cached.version !== version) return undefined;
  return { name, version, packaged, valuesFiles: input.cached.valuesFiles ?? input.valuesFiles };
}

/**
 * What a chart from a HelmRepository (HTTP or OCI) at `chartVersion` is built as: its version with
 * the build metadata the values files call for, and the stored build when that is the same chart.
 */
export function pulledBuildPlan(
  input: RepositoryBuildInput,
  name: string,
  chartVersion: string,
): { version: string; versionMetadata: string; reuse?: ChartBuild } {
  const versionMetadata = input.versionMetadata(input.valuesFiles);
  const version = withBuildMetadata(chartVersion, versionMetadata);
  const packaged = input.valuesFiles.length > 0 || versionMetadata !== '';
  return { version, versionMetadata, reuse: reusableBuild(input, name, version, packaged) };
}

/**
 * A chart archive pulled from a HelmRepository (HTTP or OCI), validated, and re-packaged when
 * values files or version metadata ask for it; `metadata` is the chart's metadata to package with.
 */
export async function buildPulledChart(
  input: RepositoryBuildInput,
  pulled: { name: string; version: string; versionMetadata: string; data: Buffer },
  metadata: (chart: ChartMetadata) => ChartMetadata = (m) => m,
): Promise<ChartBuild> {
  const files = await archiveFiles(pulled.data, 'failed to load chart metadata from written chart');
  const chart = await loadChartFiles(
    files,
    BuildReason.ChartPull,
    'failed to validate metadata of written chart',
  );
  const { name, version, data } = pulled;
  if (input.valuesFiles.length === 0 && !pulled.versionMetadata)
    return { name, version, data, packaged: false, valuesFiles: [] };
  return packageWith(metadata(chart.metadata), files, chart.values, {
    versionMetadata: pulled.versionMetadata,
    valuesFiles: input.valuesFiles,
    ignoreMissingValuesFiles: input.spec.ignoreMissingValuesFiles === true,
  });
}

/**
 * Merges the values files in order into one values map (later files win, maps merged deeply),
 * `values.yaml` standing for the chart's own values when `chartValues` is given (a pulled chart;
 * for a chart packaged from a source the paths are relative to the source root), as Flux composes
 * an alternative default values.yaml. A missing file fails unless `ignoreMissing`; the files actually merged are returned.
 */
export function mergeValuesFiles(
  files: ChartFile[],
  chartValues: Values | undefined,
  paths: string[],
  ignoreMissing: boolean,
): { values: Values; used: string[] } {
  let merged: Values = {};
  const used: string[] = [];
  for (const p of paths) {
    const name = cleanChartPath(p);
    if (name === 'values.yaml' && chartValues) {
      merged = mergeMaps(merged, chartValues);
      used.push(p);
      continue;
    }
    const file = files.find((f) => f.name === name);
    if (!file) {
      if (ignoreMissing) continue;
      throw new ChartBuildError(BuildReason.ValuesFilesMerge, `no values file found at path '${p}'`);
    }
    let values: Values;
    try {
      values = parseValuesYaml(new TextDecoder().decode(file.data)) ?? {};
    } catch (e: unknown) {
      throw new ChartBuildError(
        BuildReason.ValuesFilesMerge,
        `failed to merge chart values: unmarshaling values from '${p}' failed: ${toError(e).message}`,
      );
    }
    merged = mergeMaps(merged, values);
    used.push(p);
  }
  return { values: merged, used };
}

/** Loads and validates a chart from its files; `reason` classifies a failure. */
export async function loadChartFiles(
  files: ChartFile[],
  reason: typeof BuildReason.ChartPackage | typeof BuildReason.ChartPull,
  what: string,
) {
  try {
    return await loadChart(files);
  } catch (e: unknown) {
    throw new ChartBuildError(reason, `${what}: ${toError(e).message}`, { cause: e });
  }
}

/** The files of a chart archive, refusing hostile archives (links, `..`, oversized). */
export async function archiveFiles(tgz: Uint8Array, what: string): Promise<ChartFile[]> {
  try {
    return await readChartArchive(tgz);
  } catch (e: unknown) {
    throw new ChartBuildError(BuildReason.ChartPull, `${what}: ${toError(e).message}`, { cause: e });
  }
}

/**
 * Packages chart files with the version metadata and merged values files applied (Flux's
 * packaging step): the version gets `+<metadata>`, values.yaml becomes the merged values.
 */
export async function packageWith(
  metadata: ChartMetadata,
  files: ChartFile[],
  chartValues: Values,
  options: {
    versionMetadata: string;
    valuesFiles: string[];
    ignoreMissingValuesFiles: boolean;
    /** Where values files are looked up (default: the chart's own files, `values.yaml` its values). */
    valuesSource?: ChartFile[];
  },
): Promise<ChartBuild> {
  const version = withBuildMetadata(metadata.version, options.versionMetadata);
  let values: Values | undefined;
  let used: string[] = [];
  if (options.valuesFiles.length > 0) {
    const merged = options.valuesSource
      ? mergeValuesFiles(
          options.valuesSource,
          undefined,
          options.valuesFiles,
          options.ignoreMissingValuesFiles,
        )
      : mergeValuesFiles(files, chartValues, options.valuesFiles, options.ignoreMissingValuesFiles);
    values = merged.values;
    used = merged.used;
  }
  try {
    const pkg = await packageChartFiles(metadata, files, { version, values });
    return { name: metadata.name, version, data: pkg.data, packaged: true, valuesFiles: used };
  } catch (e: unknown) {
    throw new ChartBuildError(BuildReason.ChartPackage, `failed to package chart: ${toError(e).message}`);
  }
}
