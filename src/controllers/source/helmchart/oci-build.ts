import { toError } from '../../../engines/errors/index.ts';
import {
  parseConstraints,
  parseStrictVersion,
  pickHighest,
  tryParse,
} from '../../../engines/semver/index.ts';
import type { KubeClient } from '../../../runtime/kube/index.ts';
import {
  credentialsFromDockerConfig,
  type ImageManifest,
  RegistryClient,
  type RegistryCredentials,
} from '../../../runtime/oci/index.ts';
import { readSecret } from '../common/secrets.ts';
import type { SourceRun } from '../common/source-kind.ts';
import type { HelmClientOptions } from '../helm-repository-client/client-options.ts';
import type { HelmRepositoryObject } from '../helmrepository/index.ts';
import { BuildReason, ChartBuildError } from './build-error.ts';
import {
  buildPulledChart,
  type ChartBuild,
  pulledBuildPlan,
  type RepositoryBuildInput,
} from './chart-build.ts';

/** Helm's OCI media types. */
export const HelmMediaType = {
  Config: 'application/vnd.cncf.helm.config.v1+json',
  Chart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
} as const;

const MAX_CHART_BYTES = 100 * 1024 * 1024;

/**
 * Picks the tag for `constraint` as Flux's OCI chart repository does: only tags that are strict
 * SemVer with `_` standing for `+` (OCI tags cannot hold `+`) count, as Helm's registry client
 * lists them; an exact version wins, else the highest version satisfying the Masterminds
 * constraint (`*` or empty: the highest stable one). Returns the tag as stored in the registry.
 */
export function pickChartTag(tags: string[], constraint: string, url: string): string {
  const wanted = constraint.trim() || '*';
  const versionOf = (tag: string) => tryParse(tag.replace(/_/g, '+'), parseStrictVersion);
  const listed = tags.filter((t) => versionOf(t) !== undefined);
  if (listed.length === 0) throw new Error(`unable to locate any tags in provided repository: ${url}`);
  const exact = listed.find((t) => t.replace(/_/g, '+') === wanted);
  if (exact) return exact;
  const best = pickHighest(listed, versionOf, { constraints: parseConstraints(wanted) });
  if (!best) throw new Error(`could not locate a version matching provided version string ${wanted}`);
  return best.item;
}

/** Registry credentials of the HelmRepository: a docker config Secret, or `username`/`password`. */
async function credentialsOf(
  kube: KubeClient,
  namespace: string,
  repo: HelmRepositoryObject,
  host: string,
): Promise<RegistryCredentials | undefined> {
  if (!repo.spec.secretRef?.name) return undefined;
  const secret = await readSecret(kube, namespace, repo.spec.secretRef.name);
  const json = secret.text('.dockerconfigjson');
  if (json !== undefined) return credentialsFromDockerConfig(json, host);
  const username = secret.text('username');
  const password = secret.text('password');
  if (username && password) return { username, password };
  return undefined;
}

/** A registry client for `<repository url>/<chart>` with the HelmRepository's credentials and TLS. */
export async function ociChartClient(
  run: SourceRun,
  repo: HelmRepositoryObject,
  clientOptions: Pick<HelmClientOptions, 'http'>,
  chart: string,
): Promise<{ client: RegistryClient; repository: string; chartUrl: string }> {
  const base = repo.spec.url.replace(/^oci:\/\//, '').replace(/\/+$/, '');
  const slash = base.indexOf('/');
  const host = slash < 0 ? base : base.slice(0, slash);
  const repository = `${slash < 0 ? '' : `${base.slice(slash + 1)}/`}${chart}`;
  let credentials: RegistryCredentials | undefined;
  try {
    credentials = await credentialsOf(run.env.kube, repo.metadata?.namespace ?? '', repo, host);
  } catch (e: unknown) {
    throw new ChartBuildError(
      BuildReason.ChartPull,
      `failed to login to OCI registry: ${toError(e).message}`,
    );
  }
  const local = /^(localhost|127\.|\[::1\])/.test(host);
  const client = new RegistryClient(host, {
    httpFallback: repo.spec.insecure === true || local,
    ca: clientOptions.http.ca,
    caWithSystemRoots: true,
    cert: clientOptions.http.cert,
    key: clientOptions.http.key,
    credentials,
    timeoutMs: run.timeoutMs,
    userAgent: 'tsflux/source-controller',
  });
  return { client, repository, chartUrl: `oci://${host}/${repository}` };
}

/** The Helm chart layer of `<repository>:<tag>`, digest-verified. */
export async function pullChartLayer(
  client: RegistryClient,
  repository: string,
  tag: string,
  chartUrl: string,
): Promise<Buffer> {
  const { manifest } = await client.getManifest(repository, tag);
  const layer = (manifest as ImageManifest).layers?.find((l) => l.mediaType === HelmMediaType.Chart);
  if (!layer) throw new Error(`no layer with media type '${HelmMediaType.Chart}' in ${chartUrl}:${tag}`);
  return client.getBlob(repository, layer, MAX_CHART_BYTES);
}

/**
 * Flux's chart pull from an OCI HelmRepository: `oci://<host>/<path>/<chart>`, the tag chosen by
 * `spec.version` among the registry's tags, the manifest's Helm chart layer pulled (digest
 * verified) and validated; re-packaged only with values files or version metadata.
 */
export async function buildFromOciRepository(
  run: SourceRun,
  input: RepositoryBuildInput,
): Promise<ChartBuild> {
  const { spec, repo } = input;
  const { client, repository, chartUrl } = await ociChartClient(run, repo, input.client, spec.chart);
  try {
    let tag: string;
    try {
      tag = pickChartTag(await client.listTags(repository), spec.version ?? '*', chartUrl);
    } catch (e: unknown) {
      throw new ChartBuildError(
        BuildReason.ChartPull,
        `failed to get chart version for remote reference: ${toError(e).message}`,
      );
    }
    const chartVersion = tag.replace(/_/g, '+');
    const { version, versionMetadata, reuse } = pulledBuildPlan(input, spec.chart, chartVersion);
    if (reuse) return reuse;
    let data: Buffer;
    try {
      data = await pullChartLayer(client, repository, tag, chartUrl);
    } catch (e: unknown) {
      throw new ChartBuildError(
        BuildReason.ChartPull,
        `failed to download chart for remote reference: ${toError(e).message}`,
      );
    }
    return await buildPulledChart(input, { name: spec.chart, version, versionMetadata, data });
  } finally {
    client.close();
  }
}
