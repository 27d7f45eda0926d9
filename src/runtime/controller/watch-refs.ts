import { WatchLabel, WatchLabelEnabled } from '../../api/meta/index.ts';
import { type Informer, objectKey } from '../cache/index.ts';
import type { KubeObject } from '../kube/index.ts';

/**
 * The label selector of the Secrets and ConfigMaps Flux watches for changes:
 * `reconcile.fluxcd.io/watch=Enabled`.
 */
export const watchLabelSelector = `${WatchLabel}=${WatchLabelEnabled}`;

/**
 * Indexes the primary objects by the objects they reference and returns the mapping for
 * {@link Controller.watch}: a changed referenced object yields the keys of the primaries that
 * reference it. `refsOf` returns the referenced names; they resolve in the primary's namespace
 * unless given as `namespace/name`.
 */
export function referencesIndex(
  // `any`: any cached type; only metadata and refsOf read it
  primary: Informer<any>,
  indexName: string,
  refsOf: (obj: KubeObject) => string[],
): (related: KubeObject) => string[] {
  primary.store.addIndex(indexName, (o) =>
    refsOf(o).map((r) => (r.includes('/') ? r : `${o.metadata?.namespace ?? ''}/${r}`)),
  );
  return (related) => primary.store.byIndex(indexName, objectKey(related)).map(objectKey);
}
