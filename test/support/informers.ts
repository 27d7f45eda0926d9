// The manager's informers, scoped to one test namespace: every Flux kind of the kind table, plus
// any extra collections a controller reads through informerOf (e.g. Secrets).
import { kindTable } from '../../src/api/kind-table.ts';
import { type Informer, type InformerKey, SharedInformerFactory } from '../../src/runtime/cache/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';

/** Started informers for `namespace` and the `informerOf` a controller setup takes. */
export function namespacedInformers(
  kube: KubeClient,
  namespace: string,
  extra: Record<string, InformerKey> = {},
): {
  informers: SharedInformerFactory;
  informerOf: <T extends KubeObject>(kind: string) => Informer<T>;
} {
  const informers = new SharedInformerFactory(kube);
  const keys = new Map<string, InformerKey>();
  for (const k of kindTable)
    keys.set(k.kind, { ref: { group: k.group, version: k.storageVersion, resource: k.plural, namespace } });
  for (const [kind, key] of Object.entries(extra)) keys.set(kind, key);
  const informerOf = <T extends KubeObject>(kind: string) => {
    const key = keys.get(kind);
    if (!key) throw new Error(`no informer for ${kind}`);
    return informers.informerFor<T>(key);
  };
  for (const kind of keys.keys()) informerOf(kind);
  informers.start();
  return { informers, informerOf };
}
