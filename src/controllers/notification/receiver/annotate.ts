import { kindTable } from '../../../api/kind-table.ts';
import type { ReceiverSpec } from '../../../api/notification/v1/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../../../runtime/kube/index.ts';

type Resource = ReceiverSpec['resources'][number];

/** Flux's request annotation: a changed value makes the object's controller reconcile it now. */
export const RequestedAtAnnotation = 'reconcile.fluxcd.io/requestedAt';

function refOf(kind: string, namespace: string, name?: string): ResourceRef {
  const k = kindTable.find((t) => t.kind === kind);
  if (!k) throw new Error(`unknown kind '${kind}'`);
  return { group: k.group, version: k.storageVersion, resource: k.plural, namespace, name };
}

/**
 * Requests a reconcile of every object a Receiver names: one by name, or with `*` all of that kind
 * in the namespace (the Receiver's when unset) whose labels include `matchLabels`. Returns the
 * `kind/namespace/name` of each object annotated.
 */
export async function annotateResources(
  kube: KubeClient,
  receiverNamespace: string,
  resources: Resource[],
  now: Date = new Date(),
): Promise<string[]> {
  const at = now.toISOString();
  const done: string[] = [];
  for (const r of resources) {
    const namespace = r.namespace ?? receiverNamespace;
    let names: string[];
    if (r.name === '*') {
      const selector = Object.entries(r.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const list = await kube.list<KubeObject>(refOf(r.kind, namespace), {
        labelSelector: selector || undefined,
      });
      names = list.items.map((o) => o.metadata?.name ?? '');
    } else names = [r.name];
    for (const name of names) {
      await kube.mergePatch(refOf(r.kind, namespace, name), {
        metadata: { annotations: { [RequestedAtAnnotation]: at } },
      });
      done.push(`${r.kind}/${namespace}/${name}`);
    }
  }
  return done;
}
