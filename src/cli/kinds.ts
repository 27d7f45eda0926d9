import { findKind, type RegisteredKind } from '../api/index.ts';
import type { KubeObject, ResourceRef } from '../runtime/kube/index.ts';
import { CliError } from './command.ts';
import { didYouMean } from './did-you-mean.ts';

/** One extra column of `tsflux get` for a kind, after NAME. */
interface Column {
  header: string;
  value: (obj: FluxObject) => string;
}

/** A Flux object as the CLI reads it: spec and status stay loosely typed. */
export type FluxObject = KubeObject & {
  spec?: Record<string, any>;
  status?: Record<string, any> & {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
};

/**
 * How the CLI names and shows one kind: the words that select it (as the flux CLI spells them),
 * the label `get all` prints, and the columns between NAME and READY. Written once per kind; every
 * generic verb (get, reconcile, suspend, resume, delete, export) works through it.
 */
export interface KindAdapter {
  kind: RegisteredKind;
  /** Word sequences that name the kind, e.g. ['source', 'git'] or ['ks']. */
  words: string[][];
  /** The singular word flux prints for it (`GitRepository` -> `gitrepository`). */
  label: string;
  columns: Column[];
  /** Whether `spec.suspend` exists (all but ImagePolicy). */
  suspendable: boolean;
  /** For reconcile --with-source: the source reference of an object of this kind. */
  sourceOf?: (obj: FluxObject) => { kind: string; name: string; namespace?: string } | undefined;
  /**
   * READY and MESSAGE of a kind with no status in Flux's API (v1beta3 Alert and Provider), as
   * `flux get` prints them: always True, "Alert is Ready".
   */
  fixedReady?: { status: string; message: string };
}

const revision = (pick: (o: FluxObject) => unknown): Column => ({
  header: 'REVISION',
  value: (o) => String(pick(o) ?? ''),
});
const suspended: Column = { header: 'SUSPENDED', value: (o) => (o.spec?.suspend ? 'True' : 'False') };
const artifactRevision = revision((o) => o.status?.artifact?.revision);

function adapter(
  group: string,
  kind: string,
  words: string[][],
  columns: Column[],
  extra: Partial<Pick<KindAdapter, 'suspendable' | 'sourceOf' | 'fixedReady'>> = {},
): KindAdapter {
  const k = findKind(group, kind);
  if (!k) throw new Error(`kind ${kind}.${group} is not registered`);
  return {
    kind: k,
    words,
    label: kind.toLowerCase(),
    columns,
    suspendable: extra.suspendable ?? true,
    sourceOf: extra.sourceOf,
    fixedReady: extra.fixedReady,
  };
}

const SOURCE = 'source.toolkit.fluxcd.io';
const sourceWords = (...names: string[]) =>
  names.flatMap((n) => [
    ['source', n],
    ['sources', n],
  ]);

/** Every kind the generic verbs handle, in the order `get all` prints them. */
export const kindAdapters: KindAdapter[] = [
  adapter(SOURCE, 'GitRepository', sourceWords('git'), [artifactRevision, suspended]),
  adapter(SOURCE, 'OCIRepository', sourceWords('oci'), [artifactRevision, suspended]),
  adapter(SOURCE, 'HelmRepository', sourceWords('helm'), [artifactRevision, suspended]),
  adapter(SOURCE, 'HelmChart', sourceWords('chart'), [artifactRevision, suspended], {
    sourceOf: (o) => o.spec?.sourceRef && { kind: o.spec.sourceRef.kind, name: o.spec.sourceRef.name },
  }),
  adapter(SOURCE, 'Bucket', sourceWords('bucket'), [artifactRevision, suspended]),
  adapter(SOURCE, 'ExternalArtifact', sourceWords('external'), [artifactRevision], { suspendable: false }),
  adapter(
    'source.extensions.fluxcd.io',
    'ArtifactGenerator',
    [['artifact', 'generator'], ['artifact', 'generators'], ['artifactgenerator'], ['artifactgenerators']],
    [],
    // paused with the reconcile annotation, not spec.suspend
    { suspendable: false },
  ),
  adapter(
    'kustomize.toolkit.fluxcd.io',
    'Kustomization',
    [['kustomization'], ['kustomizations'], ['ks']],
    [revision((o) => o.status?.lastAppliedRevision), suspended],
    {
      sourceOf: (o) =>
        o.spec?.sourceRef && {
          kind: o.spec.sourceRef.kind,
          name: o.spec.sourceRef.name,
          namespace: o.spec.sourceRef.namespace,
        },
    },
  ),
  adapter(
    'helm.toolkit.fluxcd.io',
    'HelmRelease',
    [['helmrelease'], ['helmreleases'], ['hr']],
    // as `flux get hr`: the chart version of the newest history snapshot, else of the last attempt
    [revision((o) => o.status?.history?.[0]?.chartVersion ?? o.status?.lastAttemptedRevision), suspended],
    { sourceOf: helmReleaseChartSource },
  ),
  adapter(
    'image.toolkit.fluxcd.io',
    'ImageRepository',
    [
      ['image', 'repository'],
      ['images', 'repository'],
    ],
    [{ header: 'LAST SCAN', value: (o) => String(o.status?.lastScanResult?.scanTime ?? '') }, suspended],
  ),
  adapter(
    'image.toolkit.fluxcd.io',
    'ImagePolicy',
    [
      ['image', 'policy'],
      ['images', 'policy'],
    ],
    [{ header: 'LATEST IMAGE', value: (o) => latestImage(o) }],
    { suspendable: false },
  ),
  adapter(
    'image.toolkit.fluxcd.io',
    'ImageUpdateAutomation',
    [
      ['image', 'update'],
      ['images', 'update'],
    ],
    [{ header: 'LAST RUN', value: (o) => String(o.status?.lastAutomationRunTime ?? '') }, suspended],
  ),
  adapter('notification.toolkit.fluxcd.io', 'Alert', [['alert'], ['alerts']], [suspended], {
    fixedReady: { status: 'True', message: 'Alert is Ready' },
  }),
  // `flux get alert-providers` prints no SUSPENDED column
  adapter('notification.toolkit.fluxcd.io', 'Provider', [['alert-provider'], ['alert-providers']], [], {
    fixedReady: { status: 'True', message: 'Provider is Ready' },
  }),
  adapter('notification.toolkit.fluxcd.io', 'Receiver', [['receiver'], ['receivers']], [suspended]),
];

/**
 * What `reconcile hr --with-source` reconciles: the `chartRef` object, or the HelmChart a
 * `spec.chart` template makes (`<namespace>-<name>` in its source's namespace), as flux does;
 * reconciling the HelmRepository instead would not fetch a new chart version.
 */
function helmReleaseChartSource(
  o: FluxObject,
): { kind: string; name: string; namespace?: string } | undefined {
  const ns = o.metadata?.namespace ?? '';
  if (o.spec?.chartRef)
    return { kind: o.spec.chartRef.kind, name: o.spec.chartRef.name, namespace: o.spec.chartRef.namespace };
  const template = o.spec?.chart?.spec;
  if (!template) return undefined;
  return {
    kind: 'HelmChart',
    name: `${ns}-${o.metadata?.name}`,
    namespace: template.sourceRef?.namespace || ns,
  };
}

function latestImage(o: FluxObject): string {
  const ref = o.status?.latestRef;
  if (ref?.name) return `${ref.name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
  return String(o.status?.latestImage ?? '');
}

/** The adapter of a kind name as found in a sourceRef (`GitRepository`). */
export function adapterForKind(kind: string): KindAdapter | undefined {
  return kindAdapters.find((a) => a.kind.kind === kind);
}

/**
 * The adapter one word names: the kind itself in any case (`Kustomization`, `gitrepository`) or
 * a one-word alias (`ks`, `hr`), as `--for ks/apps` writes it.
 */
export function adapterForWord(word: string): KindAdapter | undefined {
  const w = word.toLowerCase();
  return kindAdapters.find((a) => a.label === w || a.words.some((ws) => ws.length === 1 && ws[0] === w));
}

/** The one-word names of a kind other than its label (`ks`, `kustomizations`), as command aliases. */
export function aliasesOf(kind: string): string[] {
  const a = adapterForKind(kind);
  return (a?.words ?? []).filter((w) => w.length === 1 && w[0] !== a?.label).map((w) => w[0]);
}

/**
 * Reads the kind words at the start of a command's arguments (`source git podinfo`,
 * `ks apps`, `all`) and returns the kinds they select and the remaining arguments. `sources all`
 * and `images all` select a family; plain `all` selects every kind.
 */
export function resolveKindWords(
  args: string[],
  options: { allowAll?: boolean } = {},
): { adapters: KindAdapter[]; rest: string[] } {
  const [first, second] = args.map((a) => a.toLowerCase());
  if (options.allowAll) {
    if (first === 'all') return { adapters: kindAdapters, rest: args.slice(1) };
    if ((first === 'source' || first === 'sources') && second === 'all')
      return { adapters: kindAdapters.filter((a) => a.kind.group === SOURCE), rest: args.slice(2) };
    if ((first === 'image' || first === 'images') && second === 'all')
      return {
        adapters: kindAdapters.filter((a) => a.kind.group === 'image.toolkit.fluxcd.io'),
        rest: args.slice(2),
      };
  }
  let best: { a: KindAdapter; n: number } | undefined;
  for (const a of kindAdapters) {
    for (const w of a.words) {
      if (w.every((word, i) => args[i]?.toLowerCase() === word) && (!best || w.length > best.n))
        best = { a, n: w.length };
    }
  }
  if (!best) {
    const known = kindAdapters.map((a) => a.words[0].join(' ')).join(', ');
    if (!args.length) throw new CliError(`a kind is required; one of: ${known}`, 2);
    const all = kindAdapters.flatMap((a) => a.words.map((w) => w.join(' ')));
    const guess =
      didYouMean(
        args[0],
        all.filter((w) => !w.includes(' ')),
      ) ??
      (args.length > 1
        ? didYouMean(
            args.slice(0, 2).join(' '),
            all.filter((w) => w.includes(' ')),
          )
        : undefined);
    throw new CliError(
      `unknown kind '${args.slice(0, 2).join(' ')}'${guess ? `; did you mean '${guess}'?` : ''} (one of: ${known})`,
      2,
    );
  }
  return { adapters: [best.a], rest: args.slice(best.n) };
}

/**
 * The one object a verb acts on: its kind from the leading kind words, its name (required) and its
 * namespace (`--namespace`, default `flux-system`), as `reconcile`, `delete` and the like take them.
 */
export function namedObject(
  args: string[],
  namespace: string | undefined,
): { adapter: KindAdapter; name: string; namespace: string } {
  const { adapters, rest } = resolveKindWords(args);
  const adapter = adapters[0];
  const name = rest[0];
  if (!name) throw new CliError(`a ${adapter.kind.kind} name is required`, 2);
  return { adapter, name, namespace: namespace ?? 'flux-system' };
}

/** The API path of a kind's objects at its storage version. */
export function kindRef(a: KindAdapter, namespace?: string, name?: string): ResourceRef {
  return { group: a.kind.group, version: a.kind.storageVersion, resource: a.kind.plural, namespace, name };
}

/** The Ready condition of an object, if it has one. */
export function readyCondition(o: FluxObject) {
  return o.status?.conditions?.find((c) => c.type === 'Ready');
}
