import { readFileSync } from 'node:fs';
import { toError } from '../../engines/errors/index.ts';
import {
  type Chart,
  crdObjects,
  fluxCrdPolicy,
  fluxPostRenderOrThrow,
  fluxReleaseName,
  type LookupResolver,
  loadChartArchive,
  markReleaseObject,
  mergeValues,
  type PostRenderSpec,
  parseYaml,
  type RenderResult,
  renderChart,
  renderChartWithLookups,
  type Values,
  type ValuesReference,
  type ValuesSource,
} from '../../engines/helm/index.ts';
import type { KubeObject } from '../../engines/kustomize/index.ts';
import { downloadArtifact } from '../../runtime/artifact/index.ts';
import { isNotFound, type KubeClient, type RestMapper } from '../../runtime/kube/index.ts';
import { ApplyAction, type ResourceManager } from '../../runtime/ssa/index.ts';
import { readValuesFrom } from '../../runtime/values-from/index.ts';
import { CliError } from '../command.ts';
import { loadChartFromDisk } from '../commands/helm.ts';
import { adapterForKind, type FluxObject, kindAdapters, kindRef } from '../kinds.ts';
import { fluxObjectFromFile } from './local-build.ts';

/** A HelmRelease as `build` and `diff helmrelease` read it, from the cluster or a local file. */
export interface CliHelmRelease extends FluxObject {
  metadata: { name: string; namespace: string };
  spec: PostRenderSpec & {
    releaseName?: string;
    targetNamespace?: string;
    values?: unknown;
    valuesFrom?: ValuesReference[];
    install?: { disableSchemaValidation?: boolean; crds?: string; skipCRDs?: boolean };
    upgrade?: { disableSchemaValidation?: boolean; crds?: string };
    [k: string]: any;
  };
}

const helmReleases = kindAdapters.find((a) => a.kind.kind === 'HelmRelease');

/** Reads the named HelmRelease from a local YAML file (any document of that name). */
export function helmReleaseFromFile(file: string, name: string, namespace: string): CliHelmRelease {
  const hr = fluxObjectFromFile<CliHelmRelease>(
    file,
    { kind: 'HelmRelease', group: 'helm.toolkit.fluxcd.io' },
    name,
    namespace,
  );
  return { ...hr, spec: hr.spec ?? {} };
}

/** Gets the HelmRelease from the cluster, with a clear error when it does not exist. */
export async function helmReleaseFromCluster(
  kube: KubeClient,
  name: string,
  namespace: string,
): Promise<CliHelmRelease> {
  if (!helmReleases) throw new Error('HelmRelease is not a known kind');
  try {
    return await kube.get<CliHelmRelease>(kindRef(helmReleases, namespace, name));
  } catch (e: unknown) {
    if (isNotFound(e)) throw new CliError(`HelmRelease '${namespace}/${name}' not found`);
    throw e;
  }
}

/**
 * The chart to render: a local chart directory or .tgz (`--chart`), else the artifact of the
 * HelmRelease's chart source (its HelmChart or chartRef) as the controller would download it.
 */
export async function chartFor(
  hr: CliHelmRelease,
  chartPath: string | undefined,
  kube?: KubeClient,
): Promise<Chart> {
  if (chartPath) {
    try {
      return await loadChartFromDisk(chartPath);
    } catch (e: unknown) {
      throw new CliError(`cannot load chart ${chartPath}: ${toError(e).message}`);
    }
  }
  const ref = helmReleases?.sourceOf?.(hr);
  const source = ref && adapterForKind(ref.kind);
  if (!kube || !ref || !source)
    throw new CliError('--chart is required: the HelmRelease has no chart source to read');
  const id = `${ref.kind} '${ref.namespace ?? hr.metadata.namespace}/${ref.name}'`;
  let obj: FluxObject;
  try {
    obj = await kube.get<FluxObject>(kindRef(source, ref.namespace ?? hr.metadata.namespace, ref.name));
  } catch (e: unknown) {
    if (isNotFound(e)) throw new CliError(`${id} not found; give the chart with --chart`);
    throw e;
  }
  const artifact = obj.status?.artifact;
  if (!artifact?.url) throw new CliError(`${id} has no artifact yet; give the chart with --chart`);
  try {
    return await loadChartArchive(await downloadArtifact(artifact));
  } catch (e: unknown) {
    throw new CliError(`cannot load the chart of ${id}: ${toError(e).message}`);
  }
}

/**
 * The values the controller would install with: the `valuesFrom` ConfigMaps and Secrets read from
 * the cluster (none offline), then each `--values` file, then `spec.values` over everything.
 */
export async function valuesFor(hr: CliHelmRelease, files: string[], kube?: KubeClient): Promise<Values> {
  try {
    const sources: ValuesSource[] = kube
      ? await readValuesFrom(kube, hr.metadata.namespace, hr.spec.valuesFrom ?? [])
      : [];
    for (const f of files) sources.push({ ref: { kind: 'file', name: f }, text: readFileSync(f, 'utf8') });
    return mergeValues(sources, hr.spec.values);
  } catch (e: unknown) {
    throw new CliError(`values: ${toError(e).message}`);
  }
}

/** The release a HelmRelease makes: Flux's release name and the namespace its objects go to. */
export function releaseOwner(hr: CliHelmRelease): { name: string; namespace: string } {
  return {
    name: fluxReleaseName(hr.metadata.name, hr.spec),
    namespace: hr.spec.targetNamespace || hr.metadata.namespace,
  };
}

/**
 * Renders the chart as the controller's install would (schema checks as `install` sets them),
 * then post-renders it as the controller does: `postRenderers` and `commonMetadata` through the
 * engine's {@link fluxPostRenderOrThrow}, the one path both use. `lookup` gets the empty map
 * (Helm's offline rendering) unless a resolver is given: `diff` answers it from the cluster, as
 * the controller does.
 */
export async function renderRelease(
  hr: CliHelmRelease,
  chart: Chart,
  values: Values,
  capabilities: { kubeVersion?: string; apiVersions?: string[] } = {},
  lookup?: LookupResolver,
): Promise<RenderResult> {
  const owner = releaseOwner(hr);
  const options = {
    releaseName: owner.name,
    namespace: owner.namespace,
    values,
    ...capabilities,
    skipSchemaValidation: hr.spec.install?.disableSchemaValidation,
  };
  try {
    const rendered = lookup
      ? await renderChartWithLookups(chart, options, lookup)
      : renderChart(chart, options);
    return fluxPostRenderOrThrow(rendered, hr.spec);
  } catch (e: unknown) {
    throw new CliError(`render: ${toError(e).message}`);
  }
}

/**
 * The action the controller's next release would be: an upgrade once the HelmRelease recorded a
 * release in its history, else an install (what decides the CRD policy).
 */
export function nextReleaseAction(hr: CliHelmRelease): 'install' | 'upgrade' {
  return (hr.status?.history as unknown[] | undefined)?.length ? 'upgrade' : 'install';
}

/**
 * The chart's CRDs the controller's next action would apply, per its CRD policy: none (Skip),
 * those the cluster does not have yet (Create), every one (CreateReplace).
 */
export async function releaseCrds(
  hr: CliHelmRelease,
  result: RenderResult,
  manager: ResourceManager,
): Promise<KubeObject[]> {
  const policy = fluxCrdPolicy(nextReleaseAction(hr), hr.spec);
  if (policy === 'Skip') return [];
  const crds = crdObjects(result.crds);
  if (policy === 'CreateReplace') return crds;
  const missing: KubeObject[] = [];
  for (const crd of crds)
    if ((await manager.diff(crd)).entry.action === ApplyAction.Created) missing.push(crd);
  return missing;
}

/**
 * The rendered manifests as the controller applies them: marked as Helm marks what it installs
 * and placed in the release namespace when their kind is namespaced and they name none.
 */
export async function releaseObjects(
  hr: CliHelmRelease,
  result: RenderResult,
  mapper: RestMapper,
): Promise<KubeObject[]> {
  const owner = releaseOwner(hr);
  const out: KubeObject[] = [];
  for (const m of result.manifests) {
    const obj = markReleaseObject(parseYaml(m.content) as KubeObject, owner);
    if (
      !obj.metadata.namespace &&
      (await mapper.mapping(obj.apiVersion ?? '', obj.kind ?? '', { settle: true })).namespaced
    )
      obj.metadata.namespace = owner.namespace;
    out.push(obj);
  }
  return out;
}
