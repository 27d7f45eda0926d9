import { gunzipLimited, gzipParts } from '../artifact/index.ts';
import type { Chart, ChartFile } from './chart.ts';
import type { Values } from './coalesce.ts';
import type { RenderResult } from './render.ts';

/**
 * Helm's release record (pkg/release/v1 Release) with its JSON field names, as stored in the
 * `sh.helm.release.v1.<name>.v<revision>` Secret. Field presence follows Go's omitempty rules, so
 * a record decoded from real Helm re-encodes to the same JSON.
 */
export interface ReleaseRecord {
  name?: string;
  info?: ReleaseInfo;
  chart?: ReleaseChart;
  config?: Values;
  manifest?: string;
  hooks?: ReleaseHook[];
  version?: number;
  namespace?: string;
  /** `csa` or `ssa` (Helm v4); absent means client-side apply. */
  apply_method?: string;
}

/** Release status and timestamps (RFC 3339 with nanoseconds, as Go's time.Time marshals). */
export interface ReleaseInfo {
  first_deployed?: string;
  last_deployed?: string;
  deleted?: string;
  description?: string;
  /** unknown, deployed, uninstalled, superseded, failed, uninstalling, pending-install, pending-upgrade, pending-rollback */
  status?: string;
  notes?: string;
  resources?: Record<string, unknown[]>;
}

/** A chart as a release records it: metadata, lock, templates and files as base64 data. */
export interface ReleaseChart {
  metadata?: Record<string, unknown>;
  lock?: Record<string, unknown>;
  templates?: { name: string; data: string; modtime?: string }[];
  values?: Values;
  schema?: string;
  files?: { name: string; data: string; modtime?: string }[];
  schemamodtime?: string;
}

/** A hook as a release records it. */
export interface ReleaseHook {
  name?: string;
  kind?: string;
  path?: string;
  manifest?: string;
  events?: string[];
  last_run: { started_at?: string; completed_at?: string; phase: string };
  weight?: number;
  delete_policies?: string[];
  output_log_policies?: string[];
}

/** Helm's storage label keys and the Secret type. */
export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** The Secret name of a release revision. */
export function releaseSecretName(name: string, revision: number): string {
  return `sh.helm.release.v1.${name}.v${revision}`;
}

/**
 * Encodes a release the way Helm's storage driver does: JSON, gzip, base64. This string is the
 * value of the Secret's `data.release` before the Kubernetes API base64-encodes it once more.
 * Compression runs on the thread pool: a release holds every rendered manifest of its chart.
 */
export async function encodeRelease(rel: ReleaseRecord): Promise<string> {
  return (await gzipParts([Buffer.from(JSON.stringify(rel))], 9)).toString('base64');
}

/** Decodes Helm's release string (base64 of gzip of JSON; plain JSON is accepted too, as Helm does). */
export async function decodeRelease(data: string): Promise<ReleaseRecord> {
  const raw = Buffer.from(data, 'base64');
  const isGzip = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  const json = isGzip ? await gunzipLimited(raw, Number.POSITIVE_INFINITY) : raw;
  return JSON.parse(json.toString('utf8')) as ReleaseRecord;
}

/** A Kubernetes Secret object as Helm's secrets driver stores a release. */
export interface ReleaseSecret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: typeof RELEASE_SECRET_TYPE;
  data: { release: string };
}

/**
 * Builds the storage Secret of a release: name `sh.helm.release.v1.<name>.v<revision>`, labels
 * name/owner/status/version (plus createdAt or modifiedAt when given, Unix seconds), and
 * `data.release` holding the encoded release base64-encoded again, as the API server expects.
 */
export async function releaseToSecret(
  rel: ReleaseRecord,
  options: { createdAt?: number; modifiedAt?: number; labels?: Record<string, string> } = {},
): Promise<ReleaseSecret> {
  if (!rel.name || !rel.version) throw new Error('release needs a name and a version');
  const labels: Record<string, string> = {
    ...(options.labels ?? {}),
    name: rel.name,
    owner: 'helm',
    status: rel.info?.status ?? 'unknown',
    version: String(rel.version),
  };
  if (options.createdAt !== undefined) labels.createdAt = String(options.createdAt);
  if (options.modifiedAt !== undefined) labels.modifiedAt = String(options.modifiedAt);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: releaseSecretName(rel.name, rel.version),
      namespace: rel.namespace ?? 'default',
      labels,
    },
    type: RELEASE_SECRET_TYPE,
    data: { release: Buffer.from(await encodeRelease(rel)).toString('base64') },
  };
}

/** Reads a release back from its storage Secret (as returned by the API server: data base64-encoded). */
export async function releaseFromSecret(secret: {
  type?: string;
  data?: Record<string, string>;
}): Promise<ReleaseRecord> {
  if (secret.type !== RELEASE_SECRET_TYPE)
    throw new Error(`secret type is ${secret.type}, not ${RELEASE_SECRET_TYPE}`);
  const data = secret.data?.release;
  if (!data) throw new Error('secret has no release data');
  return decodeRelease(Buffer.from(data, 'base64').toString('utf8'));
}

/** Go's time.Time JSON form: RFC 3339 with nanoseconds trimmed of trailing zeros. */
export function goTime(d: Date): string {
  return d
    .toISOString()
    .replace(/\.000Z$/, 'Z')
    .replace(/(\.\d*?)0+Z$/, '$1Z');
}

const b64 = (d: Uint8Array) => Buffer.from(d).toString('base64');
const fileRecord = (f: ChartFile) => ({ name: f.name, data: b64(f.data) });

function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '' || v === false || v === 0) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** The chart part of a release record. */
export function chartRecord(chart: Chart): ReleaseChart {
  const md = chart.metadata;
  const metadata = omitEmpty({
    name: md.name,
    home: md.home,
    sources: md.sources,
    version: md.version,
    description: md.description,
    keywords: md.keywords,
    maintainers: md.maintainers?.map((m) => omitEmpty({ ...m })),
    icon: md.icon,
    apiVersion: md.apiVersion,
    condition: md.condition,
    tags: md.tags,
    appVersion: md.appVersion,
    deprecated: md.deprecated,
    annotations: md.annotations,
    kubeVersion: md.kubeVersion,
    // Go's Dependency.Repository has no omitempty: it is always written
    dependencies: md.dependencies?.map((d) => {
      const { name, version, repository, ...rest } = d;
      return { ...omitEmpty({ name, version }), repository: repository ?? '', ...omitEmpty({ ...rest }) };
    }),
    type: md.type,
  });
  const rec: ReleaseChart = {
    metadata,
    templates: chart.templates.map(fileRecord),
    values: chart.values,
    files: chart.files.map(fileRecord),
  };
  if (chart.lock) rec.lock = chart.lock;
  if (chart.schema) rec.schema = b64(chart.schema);
  return rec;
}

/** Builds the record Helm stores after installing or upgrading with a render's result. */
export function releaseFromRender(
  result: RenderResult,
  options: {
    name: string;
    namespace: string;
    revision: number;
    config: Values;
    status?: string;
    description?: string;
    now?: Date;
    firstDeployed?: Date;
    /** `ssa` (Helm v4's default for new releases) or `csa`. */
    applyMethod?: 'ssa' | 'csa';
  },
): ReleaseRecord {
  const now = options.now ?? new Date();
  let manifest = '';
  for (const m of result.manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  const info: ReleaseInfo = {
    first_deployed: goTime(options.firstDeployed ?? now),
    last_deployed: goTime(now),
    status: options.status ?? 'deployed',
    description: options.description ?? (options.revision === 1 ? 'Install complete' : 'Upgrade complete'),
  };
  if (result.notes) info.notes = result.notes;
  const rec: ReleaseRecord = {
    name: options.name,
    info,
    chart: chartRecord(result.chart),
    manifest,
    version: options.revision,
    namespace: options.namespace,
    apply_method: options.applyMethod ?? 'ssa',
  };
  if (Object.keys(options.config).length > 0) rec.config = options.config;
  if (result.hooks.length > 0) {
    rec.hooks = result.hooks.map((h) => {
      const hook: ReleaseHook = {
        name: h.name,
        kind: h.kind,
        path: h.path,
        manifest: h.manifest,
        events: h.events,
        last_run: { phase: '' },
      };
      if (h.weight) hook.weight = h.weight;
      if (h.deletePolicies.length > 0) hook.delete_policies = h.deletePolicies;
      return hook;
    });
  }
  return rec;
}
