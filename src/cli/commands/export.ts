import { stringify } from 'yaml';
import { PreservedFieldsAnnotation } from '../../api/conversion/index.ts';
import type { Command } from '../command.ts';
import { type FluxObject, kindRef, resolveKindWords } from '../kinds.ts';
import { allNamespacesFlag, clientFromFlags, kubeFlags, namespaceFromFlags } from '../kube-flags.ts';

// the conversion webhook's bookkeeping of fields an older API version cannot hold is the
// server's business, like kubectl's last-applied record: neither belongs in what a user writes
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', PreservedFieldsAnnotation];

/** An object as a user would write it: no status, no server-set metadata. */
export function cleanForExport(o: FluxObject): FluxObject {
  const annotations = Object.fromEntries(
    Object.entries(o.metadata?.annotations ?? {}).filter(
      ([k]) => !DROPPED_ANNOTATIONS.includes(k) && !k.startsWith('reconcile.fluxcd.io/'),
    ),
  );
  const labels = o.metadata?.labels ?? {};
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: {
      name: o.metadata?.name,
      namespace: o.metadata?.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: o.spec,
  };
}

/** `tsflux export <kind> [name]`: prints objects as clean YAML that can be applied elsewhere. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'print Flux objects as YAML, without status and server-set fields',
  usage: '<kind> [name] [--all] [flags]',
  flags: { ...kubeFlags, ...allNamespacesFlag, all: { type: 'boolean', help: 'every object of the kind' } },
  async run({ flags, args }) {
    const { adapters, rest } = resolveKindWords(args, { allowAll: true });
    const namespace = namespaceFromFlags(flags);
    const kube = clientFromFlags(flags);
    try {
      const docs: string[] = [];
      for (const a of adapters) {
        const items = rest[0]
          ? [await kube.get<FluxObject>(kindRef(a, namespace ?? 'flux-system', rest[0]))]
          : (await kube.list<FluxObject>(kindRef(a, namespace))).items;
        for (const o of items) {
          docs.push(
            stringify(
              cleanForExport({
                ...o,
                apiVersion: `${a.kind.group}/${a.kind.storageVersion}`,
                kind: a.kind.kind,
              }),
            ),
          );
        }
      }
      if (docs.length) process.stdout.write(`---\n${docs.join('---\n')}`);
      return 0;
    } finally {
      kube.close();
    }
  },
};
