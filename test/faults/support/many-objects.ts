// Kustomizations of many ConfigMaps (cm-000, cm-001...), for the cases that interrupt an apply or a
// prune part-way: the Git tree, the inventory it should end with, and the wait for a revision.
import assert from 'node:assert/strict';
import type { KubeClient } from '../../../src/runtime/kube/index.ts';
import { eventually } from '../../support/cluster.ts';
import { configMap, ksRef, type Obj } from '../../support/kustomize-harness.ts';

/** The names of the first `n` ConfigMaps. */
export const cmNames = (n: number) => Array.from({ length: n }, (_, i) => `cm-${String(i).padStart(3, '0')}`);

/** A Git tree of `n` ConfigMaps, one file each. */
export const cmTree = (n: number) =>
  Object.fromEntries(cmNames(n).map((name) => [`${name}.yaml`, configMap(name)]));

/** The inventory ids of the first `n` ConfigMaps in `ns`, in inventory order. */
export const cmInventory = (ns: string, n: number) => cmNames(n).map((name) => `${ns}_${name}__ConfigMap`);

/**
 * Waits until the Kustomization `apps` of `ns` has applied `revision` and its inventory is the
 * first `n` ConfigMaps; resolves with it.
 */
export function waitAppliedMany(kube: KubeClient, ns: string, revision: string, n: number, what: string) {
  return eventually(
    async () => {
      const o = await kube.get<Obj>(ksRef(ns, 'apps'));
      assert.equal(o.status?.lastAppliedRevision, revision);
      assert.deepEqual(
        o.status.inventory.entries.map((e: { id: string }) => e.id),
        cmInventory(ns, n),
      );
      return o;
    },
    { what, timeoutMs: 120_000 },
  );
}
