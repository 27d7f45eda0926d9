import { parse } from 'yaml';
import { toError } from '../../../engines/errors/index.ts';
import {
  compareVersions,
  parseConstraints,
  parseFluxVersion,
  pickHighest,
  tryParse,
  type Version,
} from '../../../engines/semver/index.ts';

/** One chart version of a Helm repository index. */
export interface ChartVersion {
  name: string;
  version: string;
  appVersion?: string;
  digest?: string;
  urls: string[];
  created?: string;
  [k: string]: unknown;
}

/** A parsed and validated `index.yaml`. */
export interface RepositoryIndex {
  apiVersion: string;
  entries: Record<string, ChartVersion[]>;
  generated?: string;
}

/** Flux's default limit on the size of a repository index (`--helm-index-max-size`, 50 MiB). */
export const DEFAULT_INDEX_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Parses and validates a Helm repository index as Helm does: `apiVersion` required, every entry a
 * list of versions with a name and a valid version (Masterminds' coercing parse, as Helm validates
 * chart metadata); invalid versions are dropped (Helm logs and skips them), and each chart's
 * versions are sorted newest first.
 */
export function parseRepositoryIndex(data: Uint8Array, maxBytes = DEFAULT_INDEX_MAX_BYTES): RepositoryIndex {
  if (data.byteLength > maxBytes) throw new Error(`size of index exceeds the maximum of ${maxBytes} bytes`);
  if (data.byteLength === 0) throw new Error('empty index.yaml file');
  let doc: unknown;
  try {
    doc = parse(Buffer.from(data).toString('utf8'), { maxAliasCount: 1000 });
  } catch (e: unknown) {
    throw new Error(`failed to load index: ${toError(e).message.split('\n')[0]}`);
  }
  const index = doc as Partial<RepositoryIndex> | null;
  if (!index || typeof index !== 'object' || !index.apiVersion) throw new Error('no API version specified');
  const entries: Record<string, ChartVersion[]> = {};
  for (const [name, versions] of Object.entries(index.entries ?? {})) {
    if (!Array.isArray(versions)) continue;
    const valid: { entry: ChartVersion; version: Version }[] = [];
    for (const v of versions) {
      const version = typeof v?.version === 'string' ? tryParse(v.version) : undefined;
      if (version && typeof v === 'object') valid.push({ entry: v, version });
    }
    entries[name] = valid
      .sort((a, b) => compareVersions(b.version, a.version))
      // a version without apiVersion is a v1 chart, as Flux loads indexes
      .map(({ entry: v }) => ({
        apiVersion: 'v1',
        ...v,
        name: v.name ?? name,
        urls: Array.isArray(v.urls) ? v.urls : [],
      }));
  }
  return { apiVersion: String(index.apiVersion), entries, generated: index.generated };
}

/**
 * Flux's chart version lookup in a repository index: an exact version string matches itself
 * (prerelease or not); otherwise the highest version (read as Flux reads versions: strict SemVer,
 * optional `v`) that satisfies the Masterminds constraint, `*` or empty meaning the newest stable
 * one; of equal versions (differing in build metadata) the most recently created.
 */
export function resolveChartVersion(index: RepositoryIndex, chart: string, constraint = '*'): ChartVersion {
  const versions = index.entries[chart];
  if (!versions?.length) throw new Error('no chart name found');
  const wanted = constraint.trim() || '*';
  const exact = versions.find((v) => v.version === wanted);
  if (exact) return exact;
  const constraints = parseConstraints(wanted);
  const best = pickHighest(versions, (v) => tryParse(v.version, parseFluxVersion), {
    constraints,
    prefer: (a, b) => createdAt(a) > createdAt(b),
  });
  if (!best) throw new Error(`no '${chart}' chart with version matching '${wanted}' found`);
  return best.item;
}

/** The creation time of an index entry in ms; a missing or unreadable one is Go's zero time, the oldest. */
function createdAt(v: ChartVersion): number {
  const t = v.created ? Date.parse(v.created) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** The absolute download URL of a chart version: its first URL, resolved against the repository URL. */
export function chartDownloadUrl(repositoryUrl: string, version: ChartVersion): string {
  const first = version.urls[0];
  if (!first)
    throw new Error(`chart '${version.name}' version '${version.version}' has no downloadable URLs`);
  const base = repositoryUrl.endsWith('/') ? repositoryUrl : `${repositoryUrl}/`;
  return new URL(first, base).href;
}
