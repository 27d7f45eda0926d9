import { fluxCrdPolicy, templateOutput } from '../../engines/helm/index.ts';
import { clusterLookup } from '../../runtime/helm-lookup/index.ts';
import { type KubeClient, RestMapper } from '../../runtime/kube/index.ts';
import { HelmOwnerLabels, ResourceManager } from '../../runtime/ssa/index.ts';
import {
  type CliHelmRelease,
  chartFor,
  helmReleaseFromCluster,
  helmReleaseFromFile,
  releaseCrds,
  releaseObjects,
  renderRelease,
  valuesFor,
} from '../build-diff/helm-release.ts';
import { printDiff } from '../build-diff/print-diff.ts';
import { CliError, type Command, type Invocation } from '../command.ts';
import { aliasesOf } from '../kinds.ts';
import { clientFromFlags, kubeFlags } from '../kube-flags.ts';

const sharedFlags = {
  ...kubeFlags,
  chart: {
    type: 'string',
    help: "local chart directory or .tgz (default: the artifact of the HelmRelease's chart source)",
  },
  values: {
    type: 'string',
    short: 'f',
    multiple: true,
    help: 'values file merged after valuesFrom and before spec.values (repeatable)',
  },
  'helmrelease-file': {
    type: 'string',
    help: 'local file with the HelmRelease (default: read it from the cluster)',
  },
} as const;

const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

/** Reads the HelmRelease (cluster or file) named by the invocation. */
async function readHelmRelease(inv: Invocation, kube: KubeClient | undefined): Promise<CliHelmRelease> {
  const [name] = inv.args;
  if (!name) throw new CliError('a HelmRelease name is required', 2);
  const namespace = typeof inv.flags.namespace === 'string' ? inv.flags.namespace : 'flux-system';
  const file = inv.flags['helmrelease-file'];
  if (typeof file === 'string') return helmReleaseFromFile(file, name, namespace);
  if (!kube) throw new CliError('--dry-run needs --helmrelease-file', 2);
  return helmReleaseFromCluster(kube, name, namespace);
}

// the cluster's version and API groups, as the controller's render sees them in `.Capabilities`
async function capabilitiesOf(kube: KubeClient, mapper: RestMapper) {
  const version = await kube.request<{ gitVersion?: string }>({ path: '/version' });
  return { kubeVersion: version.gitVersion, apiVersions: await mapper.preferredVersions() };
}

const buildHelmReleaseCommand: Command = {
  name: 'helmrelease',
  aliases: aliasesOf('HelmRelease'),
  summary: 'render a HelmRelease from a local chart, as the controller would install it',
  usage: 'NAME --chart DIR [--values FILE...] [--helmrelease-file FILE] [--dry-run]',
  description:
    "Renders the chart with the HelmRelease's release name, target namespace and values (valuesFrom\n" +
    'ConfigMaps and Secrets read from the cluster unless --dry-run, then each --values file, then\n' +
    'spec.values), post-renders it as the controller does (postRenderers, commonMetadata) and prints\n' +
    'the CRDs (unless install.crds is Skip), manifests and hooks as `helm template` prints them.',
  flags: {
    ...sharedFlags,
    'dry-run': { type: 'boolean', help: 'do not contact the cluster (needs --helmrelease-file and --chart)' },
  },
  async run(inv) {
    const offline = inv.flags['dry-run'] === true;
    const chartPath = typeof inv.flags.chart === 'string' ? inv.flags.chart : undefined;
    if (offline && !chartPath) throw new CliError('--dry-run needs --chart', 2);
    const kube = offline ? undefined : clientFromFlags(inv.flags);
    try {
      const hr = await readHelmRelease(inv, kube);
      const chart = await chartFor(hr, chartPath, kube);
      const values = await valuesFor(hr, list(inv.flags.values), kube);
      // the CRDs an install applies (none with the Skip policy) print first, as `helm template --include-crds`
      const includeCrds = fluxCrdPolicy('install', hr.spec) !== 'Skip';
      process.stdout.write(templateOutput(await renderRelease(hr, chart, values), { includeCrds }));
      return 0;
    } finally {
      kube?.close();
    }
  },
};

const diffHelmReleaseCommand: Command = {
  name: 'helmrelease',
  aliases: aliasesOf('HelmRelease'),
  summary: 'compare a HelmRelease rendered with its live values with the cluster; exit 1 on a difference',
  usage: 'NAME [--chart DIR] [--values FILE...] [--helmrelease-file FILE]',
  description:
    'Renders the chart (--chart, or the artifact of its chart source) with the live values and the\n' +
    "cluster's capabilities, dry-runs each object with server-side apply as the helm-controller field\n" +
    'manager, and prints what would be created, what drifted (with a diff, Secret values masked) and\n' +
    "what the HelmRelease's inventory holds that the render no longer has (deleted). The render is\n" +
    "post-rendered as the controller does it (postRenderers, commonMetadata), and the chart's CRDs\n" +
    "are compared per the next action's CRD policy (install.crds, else upgrade.crds once released).\n" +
    'Exits 0 when nothing would change, 1 when something would.',
  flags: sharedFlags,
  async run(inv) {
    const kube = clientFromFlags(inv.flags);
    try {
      const hr = await readHelmRelease(inv, kube);
      const chart = await chartFor(
        hr,
        typeof inv.flags.chart === 'string' ? inv.flags.chart : undefined,
        kube,
      );
      const values = await valuesFor(hr, list(inv.flags.values), kube);
      const mapper = new RestMapper(kube);
      const result = await renderRelease(
        hr,
        chart,
        values,
        await capabilitiesOf(kube, mapper),
        clusterLookup(kube, mapper),
      );
      const manager = new ResourceManager(kube, {
        fieldManager: 'helm-controller',
        mapper,
        owner: { name: hr.metadata.name, namespace: hr.metadata.namespace },
        ownerLabels: HelmOwnerLabels,
      });
      const inventory = (hr.status?.inventory?.entries ?? []) as { id: string }[];
      const objects = [
        ...(await releaseCrds(hr, result, manager)),
        ...(await releaseObjects(hr, result, mapper)),
      ];
      return (await printDiff(manager, objects, inventory)) ? 1 : 0;
    } finally {
      kube.close();
    }
  },
};

/** The HelmRelease subcommands of `tsflux build` and `tsflux diff`. */
export const helmReleaseSubcommands = { build: buildHelmReleaseCommand, diff: diffHelmReleaseCommand };
