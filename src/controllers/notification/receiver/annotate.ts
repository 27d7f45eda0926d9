import { kindTable } from '../../../api/kind-table.ts';
import type { ReceiverSpec } from '../../../api/notification/v1/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../../../runtime/kube/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';
import type { ResourceFilter } from './filter.ts';

type Resource = ReceiverSpec['resources'][number];

/** Flux's request annotation: a changed value makes the object's controller reconcile it now. */
export const RequestedAtAnnotation = 'reconcile.fluxcd.io/requestedAt';

/** The API reference of a resource: its own `apiVersion`, else the kind's version here. */
function refOf(r: Resource, namespace: string, name?: string): ResourceRef {
  const k = kindTable.find((t) => t.kind === r.kind);
  if (!k) throw new Error(`unknown kind '${r.kind}'`);
  const version = r.apiVersion?.includes('/') ? r.apiVersion.split('/')[1] : k.storageVersion;
  return { group: k.group, version, resource: k.plural, namespace, name };
}

/** What one webhook call did to the resources of its Receiver. */
export interface AnnotateResult {
  /** `Kind/name.namespace` of each object whose reconcile was requested. */
  annotated: string[];
  /** Objects a filter left out. */
  filtered: string[];
  /** One error per reference that could not be handled; the others still are. */
  errors: Error[];
}

/**
 * Requests a reconcile of every object a Receiver names, as Flux does: one by name, or with `*`
 * every object of that kind in the namespace (the Receiver's when unset) whose labels include
 * `matchLabels` (required with `*`); each only when the filters accept it. A reference that fails
 * (a missing object, a cross-namespace one under `--no-cross-namespace-refs`) is reported and the
 * others go on.
 */
export async function annotateResources(
  kube: KubeClient,
  receiverNamespace: string,
  resources: Resource[],
  options: { filter: ResourceFilter; noCrossNamespaceRefs?: boolean; now?: Date },
): Promise<AnnotateResult> {
  const at = (options.now ?? new Date()).toISOString();
  const out: AnnotateResult = { annotated: [], filtered: [], errors: [] };
  for (const r of resources) {
    try {
      const namespace = r.namespace ?? receiverNamespace;
      if (options.noCrossNamespaceRefs && namespace !== receiverNamespace)
        throw new Error('cross-namespace references are not allowed');
      let objects: KubeObject[];
      if (r.name === '*') {
        if (!r.matchLabels) throw new Error("matchLabels field not set when using wildcard '*' as name");
        const selector = Object.entries(r.matchLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        objects = (await kube.list<KubeObject>(refOf(r, namespace), { labelSelector: selector || undefined }))
          .items;
      } else {
        try {
          objects = [await kube.get<KubeObject>(refOf(r, namespace, r.name))];
        } catch (e: unknown) {
          throw new Error(`unable to read ${r.kind} '${namespace}/${r.name}': ${toError(e).message}`);
        }
      }
      for (const o of objects) {
        const name = o.metadata?.name ?? '';
        const label = `${r.kind}/${name}.${namespace}`;
        if (!options.filter({ ...o, kind: r.kind }, r.filter)) {
          out.filtered.push(label);
          continue;
        }
        await kube.mergePatch(refOf(r, namespace, name), {
          metadata: { annotations: { [RequestedAtAnnotation]: at } },
        });
        out.annotated.push(label);
      }
    } catch (e: unknown) {
      out.errors.push(toError(e));
    }
  }
  return out;
}
