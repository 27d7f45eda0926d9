import type { KubeObject } from '../kube/index.ts';

/** A field manager to take fields over from: a name prefix and its operation. */
export interface FieldManager {
  /** Matched as a prefix, so `kubectl` covers `kubectl-client-side-apply` and `kubectl-edit`. */
  name: string;
  operation: 'Apply' | 'Update';
}

/**
 * The managers kustomize-controller takes over: `kubectl apply --server-side` (Apply), client-side
 * `kubectl apply`/`edit` (Update, including `before-first-apply`), and the controller's own
 * pre-SSA updates.
 */
export function DefaultTakeOver(fieldManager: string): FieldManager[] {
  return [
    { name: 'kubectl', operation: 'Apply' },
    { name: 'kubectl', operation: 'Update' },
    { name: 'before-first-apply', operation: 'Update' },
    { name: fieldManager, operation: 'Update' },
  ];
}

/** Annotations and labels of older tools that the take-over removes (as Flux does). */
export const StaleAnnotations = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'kustomize.toolkit.fluxcd.io/checksum',
  'fluxcd.io/sync-checksum',
];
export const StaleLabels = ['fluxcd.io/sync-gc-mark'];

type ManagedFieldsEntry = NonNullable<NonNullable<KubeObject['metadata']>['managedFields']>[number] & {
  subresource?: string;
};

const escapeToken = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The JSON patch (RFC 6902) that makes `fieldManager` own what the given managers set: their
 * managedFields entries are renamed to our manager with an Apply operation, so our next apply
 * removes fields we no longer declare instead of leaving them to kubectl; stale annotations and
 * labels of older tools go too. Empty when there is nothing to take over.
 */
export function takeOverPatch(
  existing: KubeObject,
  managers: FieldManager[],
  fieldManager: string,
): unknown[] {
  const ops: unknown[] = [];
  const annotations = existing.metadata?.annotations ?? {};
  for (const k of StaleAnnotations)
    if (k in annotations) ops.push({ op: 'remove', path: `/metadata/annotations/${escapeToken(k)}` });
  const labels = existing.metadata?.labels ?? {};
  for (const k of StaleLabels)
    if (k in labels) ops.push({ op: 'remove', path: `/metadata/labels/${escapeToken(k)}` });

  const entries = (existing.metadata?.managedFields ?? []) as ManagedFieldsEntry[];
  let renamed = false;
  const next = entries.map((e) => {
    const match = managers.some(
      (m) => (e.manager ?? '').startsWith(m.name) && e.operation === m.operation && !e.subresource,
    );
    if (!match) return e;
    renamed = true;
    return { ...e, manager: fieldManager, operation: 'Apply' };
  });
  if (renamed) ops.push({ op: 'replace', path: '/metadata/managedFields', value: next });
  return ops;
}
