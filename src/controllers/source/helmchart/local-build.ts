import { readFile } from 'node:fs/promises';
import type { Artifact } from '../../../api/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import { type ArchiveEntry, readTarGz } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { ChartFile } from '../../../engines/helm/index.ts';
import { filesFromDirectory } from '../../../engines/helm/index.ts';
import { TransientError } from '../../../runtime/reconcile/index.ts';
import type { SourceRun } from '../common/source-kind.ts';
import { BuildReason, ChartBuildError } from './build-error.ts';
import {
  archiveFiles,
  type CachedBuild,
  type ChartBuild,
  cleanChartPath,
  loadChartFiles,
  packageWith,
  reusableBuild,
  withBuildMetadata,
} from './chart-build.ts';
import { resolveDependencies } from './dependencies.ts';

/** What a local build needs: the chart path in the source artifact and Flux's build options. */
export interface LocalBuildInput {
  chartPath: string;
  source: Artifact;
  /** The stored build, reusable when name and version match (its merged values files kept). */
  cached?: CachedBuild;
  versionMetadata: string;
  valuesFiles: string[];
  ignoreMissingValuesFiles: boolean;
  /** The HelmChart's namespace, where HelmRepositories of dependencies are looked up. */
  namespace: string;
}

/** The chart directory's files from the extracted source, with `.helmignore` applied. */
function chartDirectoryFiles(entries: ArchiveEntry[], dir: string): ChartFile[] | undefined {
  const prefix = dir === '' ? '' : `${dir}/`;
  const files = new Map<string, Uint8Array>();
  const dirs = new Set<string>(['']);
  for (const e of entries) {
    if (e.type !== 'file' || !e.path.startsWith(prefix)) continue;
    const rel = e.path.slice(prefix.length);
    files.set(rel, e.data);
    const segs = rel.split('/');
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join('/'));
  }
  if (files.size === 0) return undefined;
  return filesFromDirectory({
    list: (d) => {
      const base = d === '' ? '' : `${d}/`;
      const names = new Map<string, boolean>();
      for (const f of files.keys())
        if (f.startsWith(base) && !f.slice(base.length).includes('/')) names.set(f.slice(base.length), false);
      for (const x of dirs)
        if (x !== '' && x.startsWith(base) && !x.slice(base.length).includes('/'))
          names.set(x.slice(base.length), true);
      return [...names].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    read: (p) => files.get(p) ?? new Uint8Array(),
  });
}

/**
 * Flux's local chart build from a GitRepository or Bucket artifact: the artifact is extracted
 * with the hardened reader, `spec.chart` (a directory, or a packaged `.tgz`) is loaded and
 * validated, and the chart is packaged with the version metadata (`+<short revision>` and/or the
 * generation), its missing dependencies and the merged values files. A build equal to the stored
 * artifact is reused.
 */
export async function buildFromSourceArtifact(run: SourceRun, input: LocalBuildInput): Promise<ChartBuild> {
  let data: Buffer;
  try {
    data = await readFile(run.env.storage.localPath(input.source));
  } catch (e: unknown) {
    throw new ChartBuildError(BuildReason.Unknown, `failed to open source artifact: ${toError(e).message}`, {
      cause: e,
    });
  }
  let entries: ArchiveEntry[];
  try {
    entries = await readTarGz(data);
  } catch (e: unknown) {
    // Flux records no condition for it: Ready=False with the generic reason
    throw new TransientError(ConditionReason.Failed, `artifact untar error: ${toError(e).message}`, {
      cause: e,
    });
  }
  const path = cleanChartPath(input.chartPath);
  let files: ChartFile[] | undefined;
  const packaged = entries.find((e) => e.type === 'file' && e.path === path && /\.(tgz|tar\.gz)$/.test(path));
  if (packaged && packaged.type === 'file') files = await archiveFiles(packaged.data, 'failed to load chart');
  else files = chartDirectoryFiles(entries, path);
  if (!files?.some((f) => f.name === 'Chart.yaml'))
    throw new ChartBuildError(
      BuildReason.ChartReference,
      `failed to load chart metadata: stat ${input.chartPath}: no such file or directory`,
    );
  const chart = await loadChartFiles(files, BuildReason.ChartPackage, 'failed to load chart');
  const version = withBuildMetadata(chart.metadata.version, input.versionMetadata);
  const reuse = reusableBuild(input, chart.metadata.name, version, true);
  if (reuse) return reuse;
  if (!packaged)
    files = [
      ...files,
      ...(await resolveDependencies(run, {
        chart,
        chartDir: path,
        entries,
        namespace: input.namespace,
        directoryFiles: (dir) => chartDirectoryFiles(entries, dir),
      })),
    ];
  return packageWith(chart.metadata, files, chart.values, {
    versionMetadata: input.versionMetadata,
    valuesFiles: input.valuesFiles,
    ignoreMissingValuesFiles: input.ignoreMissingValuesFiles,
    // values files of a packaged chart are paths in the source, not in the chart
    valuesSource: entries.flatMap((e) => (e.type === 'file' ? [{ name: e.path, data: e.data }] : [])),
  });
}
