import semver from 'semver';
import { parse } from 'yaml';
import { toError } from '../../../engines/errors/index.ts';

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
 * list of versions with a name and a valid version; invalid versions are dropped (Helm logs and
 * skips them), and each chart's versions are sorted newest first.
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
    const valid = versions.filter(
      (v): v is ChartVersion =>
        !!v &&
        typeof v === 'object' &&
        typeof v.version === 'string' &&
        semver.valid(v.version, { loose: true }) !== null,
    );
    entries[name] = valid
      // a version without apiVersion is a v1 chart, as Flux loads indexes
      .map((v) => ({
        apiVersion: 'v1',
        ...v,
        name: v.name ?? name,
        urls: Array.isArray(v.urls) ? v.urls : [],
      }))
      .sort((a, b) => semver.rcompare(a.version, b.version, { loose: true }));
  }
  return { apiVersion: String(index.apiVersion), entries, generated: index.generated };
}

/**
 * Picks the newest version of `chart` that satisfies `constraint` (a semver range; `*` or empty
 * for the newest stable version; an exact version matches itself, pre-release or not).
 */
export function resolveChartVersion(index: RepositoryIndex, chart: string, constraint = '*'): ChartVersion {
  const versions = index.entries[chart];
  if (!versions?.length) throw new Error('no chart name found');
  const wanted = constraint.trim() || '*';
  const exact = versions.find((v) => v.version === wanted);
  if (exact) return exact;
  const range = semver.validRange(wanted, { loose: true });
  if (!range) throw new Error(`invalid chart version constraint '${wanted}'`);
  const includePrerelease = wanted.includes('-');
  const match = versions.find((v) => semver.satisfies(v.version, range, { loose: true, includePrerelease }));
  if (!match) throw new Error(`no '${chart}' chart with version matching '${wanted}' found`);
  return match;
}

/** The absolute download URL of a chart version: its first URL, resolved against the repository URL. */
export function chartDownloadUrl(repositoryUrl: string, version: ChartVersion): string {
  const first = version.urls[0];
  if (!first)
    throw new Error(`chart '${version.name}' version '${version.version}' has no downloadable URLs`);
  const base = repositoryUrl.endsWith('/') ? repositoryUrl : `${repositoryUrl}/`;
  return new URL(first, base).href;
}
