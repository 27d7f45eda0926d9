// Where a HelmRelease's time went, from the objects' own timestamps (second resolution): from its
// creation to its HelmChart's creation (the helm controller's first reconcile), from there to the
// chart's Ready (the source controller's pull), from there to the release's Deployment created
// (queue, render, apply), to the Deployment Available (kube-controller-manager), and to the
// release's Ready (the wait seeing it, and the status written). Read after a run, so it costs the
// measured tools nothing.
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';

type Timed = KubeObject & {
  status?: {
    helmChart?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  };
};

const created = (o: Timed) => Date.parse(o.metadata?.creationTimestamp ?? '');
const since = (o: Timed | undefined, type: string) =>
  Date.parse(
    o?.status?.conditions?.find((c) => c.type === type && c.status === 'True')?.lastTransitionTime ?? '',
  );
const readyAt = (o: Timed) => since(o, 'Ready');

/** `median m s, p90 n s` of a list of milliseconds. */
function spread(ms: number[]): string {
  const s = ms.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return 'n/a';
  const at = (q: number) => (s[Math.min(s.length - 1, Math.floor(q * s.length))] / 1000).toFixed(0);
  return `median ${at(0.5)} s, p90 ${at(0.9)} s`;
}

/** One line: the phases of every HelmRelease in the namespace. */
export async function helmReleasePhases(kube: KubeClient, namespace: string): Promise<string> {
  const releases = (
    await kube.list<Timed>({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      resource: 'helmreleases',
      namespace,
    })
  ).items;
  const charts = new Map(
    (
      await kube.list<Timed>({
        group: 'source.toolkit.fluxcd.io',
        version: 'v1',
        resource: 'helmcharts',
        namespace,
      })
    ).items.map((c) => [`${c.metadata?.namespace}/${c.metadata?.name}`, c]),
  );
  // podinfo names its Deployment after the release, which is the HelmRelease's name here
  const deployments = new Map(
    (await kube.list<Timed>({ group: 'apps', version: 'v1', resource: 'deployments', namespace })).items.map(
      (d) => [d.metadata?.name, d],
    ),
  );
  const toChart: number[] = [];
  const pull: number[] = [];
  const apply: number[] = [];
  const available: number[] = [];
  const seen: number[] = [];
  for (const hr of releases) {
    // Flux names the chart <namespace>-<name> and records it in status.helmChart
    const chart = charts.get(hr.status?.helmChart ?? `${namespace}/${namespace}-${hr.metadata?.name}`);
    if (!chart) continue;
    toChart.push(created(chart) - created(hr));
    pull.push(readyAt(chart) - created(chart));
    const deployment = deployments.get(hr.metadata?.name);
    const start = Math.max(readyAt(chart), created(hr));
    const deploymentCreated = deployment ? created(deployment) : Number.NaN;
    apply.push(deploymentCreated - start);
    available.push(since(deployment, 'Available') - deploymentCreated);
    seen.push(readyAt(hr) - Math.max(since(deployment, 'Available'), start));
  }
  return `HelmRelease created -> HelmChart created ${spread(toChart)}; -> HelmChart Ready ${spread(pull)}; -> Deployment created ${spread(apply)}; -> Deployment Available ${spread(available)}; -> HelmRelease Ready ${spread(seen)}`;
}
