import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import { type Chart, loadChartArchive } from '../../engines/helm/index.ts';
import { downloadArtifact } from '../../runtime/artifact/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import { isNotFound, type KubeObject } from '../../runtime/kube/index.ts';
import { StallingError, TransientError, toError, WaitingError } from '../../runtime/reconcile/index.ts';
import { FieldManager, type HelmEnv, HelmOwnerLabels, type HelmReleaseObject } from './env.ts';
import { chartTemplateKey } from './names.ts';

/** Flux's reason while the chart's source has no ready artifact. */
export const HelmChartNotReady = 'HelmChartNotReady';

/** A chart source as the controller reads it: its artifact and its readiness. */
export type ChartSource = KubeObject & {
  status?: {
    observedGeneration?: number;
    artifact?: { url: string; revision: string; digest?: string };
    conditions?: { type: string; status: string; message?: string }[];
  };
};

/** The source a HelmRelease's chart comes from: its kind, namespace and name. */
export interface ChartSourceKey {
  kind: string;
  namespace: string;
  name: string;
}

const helmCharts = (namespace: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'helmcharts',
  namespace,
  name,
});

/** Where the chart comes from: the HelmChart of the `spec.chart` template, or `spec.chartRef`. */
export function chartSourceKey(obj: HelmReleaseObject): ChartSourceKey {
  if (obj.spec.chartRef)
    return {
      kind: obj.spec.chartRef.kind,
      namespace: obj.spec.chartRef.namespace || obj.metadata?.namespace || '',
      name: obj.spec.chartRef.name,
    };
  return { kind: 'HelmChart', ...chartTemplateKey(obj) };
}

/**
 * Creates or updates, server-side as `helm-controller`, the HelmChart a `spec.chart` template
 * describes (`<namespace>-<name>` in the source's namespace, labelled with the HelmRelease that
 * owns it), and records it in `status.helmChart` as `namespace/name`. A HelmRelease that moved
 * to `chartRef` deletes the HelmChart its template made.
 */
export async function reconcileChartTemplate(env: HelmEnv, obj: HelmReleaseObject): Promise<void> {
  obj.status ??= {};
  const template = obj.spec.chart;
  if (!template) {
    await deleteChartTemplate(env, obj);
    return;
  }
  const key = chartTemplateKey(obj);
  if (env.noCrossNamespaceRefs && key.namespace !== obj.metadata?.namespace)
    throw new StallingError(
      'AccessDenied',
      `can't access '${template.spec.sourceRef.kind}/${key.namespace}/${template.spec.sourceRef.name}', cross-namespace references have been blocked`,
    );
  const s = template.spec;
  const chart = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: {
      name: key.name,
      namespace: key.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        [HelmOwnerLabels.name]: obj.metadata?.name ?? '',
        [HelmOwnerLabels.namespace]: obj.metadata?.namespace ?? '',
      },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
    },
    spec: {
      chart: s.chart,
      version: s.version || '*',
      sourceRef: { kind: s.sourceRef.kind, name: s.sourceRef.name },
      interval: s.interval ?? obj.spec.interval,
      reconcileStrategy: s.reconcileStrategy ?? 'ChartVersion',
      ...(s.valuesFiles ? { valuesFiles: s.valuesFiles } : {}),
      ...(s.ignoreMissingValuesFiles ? { ignoreMissingValuesFiles: true } : {}),
      ...(s.verify ? { verify: s.verify } : {}),
    },
  };
  try {
    await env.kube.apply(helmCharts(key.namespace, key.name), chart, {
      fieldManager: FieldManager,
      force: true,
    });
  } catch (e: unknown) {
    throw new TransientError(
      HelmReleaseReason.ArtifactFailed,
      `failed to create HelmChart '${key.namespace}/${key.name}': ${toError(e).message}`,
      { cause: e },
    );
  }
  obj.status.helmChart = `${key.namespace}/${key.name}`;
}

/** Deletes the HelmChart recorded in `status.helmChart` (made by the template); gone is fine. */
export async function deleteChartTemplate(env: HelmEnv, obj: HelmReleaseObject): Promise<void> {
  const recorded = obj.status?.helmChart;
  if (!recorded) return;
  const [namespace = '', name = ''] = recorded.split('/');
  try {
    await env.kube.delete(helmCharts(namespace, name));
  } catch (e: unknown) {
    if (!isNotFound(e)) throw e;
  }
  if (obj.status) delete obj.status.helmChart;
}

/**
 * The chart source's ready artifact, from the manager's informer. Not there or not ready yet ->
 * Ready False `HelmChartNotReady` ("HelmChart 'ns/name' is not ready: <its message>"), looked
 * at again at `spec.interval` or as soon as the source's artifact changes (the watch).
 */
export function readySource(env: HelmEnv, obj: HelmReleaseObject, intervalMs: number): ChartSource {
  const key = chartSourceKey(obj);
  if (env.noCrossNamespaceRefs && key.namespace !== obj.metadata?.namespace)
    throw new StallingError(
      'AccessDenied',
      `can't access '${key.kind}/${key.namespace}/${key.name}', cross-namespace references have been blocked`,
    );
  const source = env.informerOf<ChartSource>(key.kind).get(key.namespace, key.name);
  const ready = source && conditions.get(source as never, 'Ready');
  const current = source?.metadata?.generation === source?.status?.observedGeneration;
  if (!source?.status?.artifact || !current || ready?.status !== 'True') {
    const why = ready?.message ? `: ${ready.message}` : '';
    throw new WaitingError(
      HelmChartNotReady,
      intervalMs,
      `${key.kind} '${key.namespace}/${key.name}' is not ready${why}`,
    );
  }
  return source;
}

/** Downloads the source's artifact (digest checked) and loads the chart it holds. */
export async function loadSourceChart(source: ChartSource, signal: AbortSignal): Promise<Chart> {
  const artifact = source.status?.artifact;
  if (!artifact) throw new TransientError(HelmReleaseReason.ArtifactFailed, 'source has no artifact');
  try {
    return await loadChartArchive(await downloadArtifact(artifact, signal));
  } catch (e: unknown) {
    throw new TransientError(HelmReleaseReason.ArtifactFailed, toError(e).message, { cause: e });
  }
}
