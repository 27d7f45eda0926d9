import { isNotFound } from '../../runtime/kube/index.ts';
import { CliError, type Command } from '../command.ts';
import { liveControllers, unhandledReason } from '../controller-status.ts';
import { type FluxObject, type KindAdapter, kindRef, readyCondition, resolveKindWords } from '../kinds.ts';
import { allNamespacesFlag, clientFromFlags, kubeFlags, namespaceFromFlags } from '../kube-flags.ts';
import { renderTable } from '../table.ts';

function row(
  a: KindAdapter,
  o: FluxObject,
  allNamespaces: boolean,
  prefixKind: boolean,
  unhandled?: string,
): string[] {
  const ready = a.fixedReady ?? readyCondition(o);
  const name = prefixKind ? `${a.label}/${o.metadata?.name}` : String(o.metadata?.name);
  return [
    ...(allNamespaces ? [String(o.metadata?.namespace ?? '')] : []),
    name,
    ...a.columns.map((c) => c.value(o)),
    ready?.status ?? 'Unknown',
    ready ? (ready.message ?? '') : (unhandled ?? 'waiting to be reconciled'),
  ];
}

function header(a: KindAdapter, allNamespaces: boolean): string[] {
  return [
    ...(allNamespaces ? ['NAMESPACE'] : []),
    'NAME',
    ...a.columns.map((c) => c.header),
    'READY',
    'MESSAGE',
  ];
}

/** `tsflux get <kind> [name]`: the status table of Flux objects, as `flux get` prints it. */
export const getCommand: Command = {
  name: 'get',
  summary: 'show the status of Flux objects',
  usage: '<kind> [name] [flags]',
  description:
    'Kinds as the flux CLI names them: source git|oci|helm|chart|bucket|all, kustomization (ks),\n' +
    'helmrelease (hr), image repository|policy|update|all, alert, alert-provider, receiver, all.',
  flags: {
    ...kubeFlags,
    ...allNamespacesFlag,
    watch: { type: 'boolean', short: 'w', help: 'keep watching and print changes' },
  },
  async run({ flags, args }) {
    const { adapters, rest } = resolveKindWords(args, { allowAll: true });
    const name = rest[0];
    const kube = clientFromFlags(flags);
    const namespace = namespaceFromFlags(flags);
    const allNs = namespace === undefined;
    try {
      const several = adapters.length > 1;
      let printed = 0;
      // read once, when there is something to show; null when the heartbeats are unreadable
      let live: Awaited<ReturnType<typeof liveControllers>> | null | undefined;
      for (const a of adapters) {
        let items: FluxObject[];
        if (name) {
          try {
            items = [await kube.get<FluxObject>(kindRef(a, namespace ?? 'flux-system', name))];
          } catch (e: unknown) {
            if (isNotFound(e)) throw new CliError(`${a.kind.kind} '${namespace}/${name}' not found`);
            throw e;
          }
        } else {
          items = (await kube.list<FluxObject>(kindRef(a, namespace))).items;
        }
        if (items.length === 0) continue;
        live ??= (await liveControllers(kube, { objectNamespace: namespace })) ?? null;
        const unhandled = live ? unhandledReason(a.kind.kind, a.kind.group, live) : undefined;
        if (unhandled) process.stderr.write(`✗ ${unhandled}\n`);
        if (several && printed > 0) process.stdout.write('\n');
        process.stdout.write(
          renderTable(
            header(a, allNs),
            items.map((o) => row(a, o, allNs, several, unhandled)),
          ),
        );
        printed++;
      }
      if (printed === 0)
        process.stderr.write(
          `no ${several ? 'Flux objects' : `${adapters[0].kind.kind} objects`} found in ${allNs ? 'any namespace' : `'${namespace}' namespace`}\n`,
        );
      if (flags.watch) {
        if (adapters.length !== 1) throw new CliError('--watch takes one kind', 2);
        const a = adapters[0];
        const list = await kube.list<FluxObject>(kindRef(a, namespace));
        for await (const ev of kube.watch<FluxObject>(kindRef(a, namespace), {
          resourceVersion: list.metadata.resourceVersion,
        })) {
          if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
          if (name && ev.object.metadata?.name !== name) continue;
          process.stdout.write(
            renderTable(header(a, allNs), [row(a, ev.object, allNs, false)]).split('\n')[1] + '\n',
          );
        }
      }
      return 0;
    } finally {
      kube.close();
    }
  },
};
