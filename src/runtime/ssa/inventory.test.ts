import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeSetEntry } from './change-set.ts';
import { inventoryDiff, inventoryFromChangeSet, inventoryObjects, parseInventoryEntry } from './inventory.ts';

// ids as Flux writes them in status.inventory (cli-utils ObjMetadata strings)
test('inventory ids are <namespace>_<name>_<group>_<kind> with the applied version', () => {
  const inv = inventoryFromChangeSet([
    changeSetEntry(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'podinfo', namespace: 'apps' } },
      'created',
    ),
    changeSetEntry({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }, 'unchanged'),
    changeSetEntry(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:flux:view' },
      },
      'skipped',
    ),
  ]);
  assert.deepEqual(inv.entries, [
    { id: 'apps_podinfo_apps_Deployment', v: 'v1' },
    { id: '_apps__Namespace', v: 'v1' },
    { id: '_system__flux__view_rbac.authorization.k8s.io_ClusterRole', v: 'v1' },
  ]);
});

test('inventory entries decode back into object references', () => {
  assert.deepEqual(
    parseInventoryEntry({ id: '_system__flux__view_rbac.authorization.k8s.io_ClusterRole', v: 'v1' }),
    {
      namespace: '',
      name: 'system:flux:view',
      group: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      version: 'v1',
    },
  );
  assert.deepEqual(inventoryObjects({ entries: [{ id: 'apps_podinfo_apps_Deployment', v: 'v1' }] }), [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'podinfo', namespace: 'apps' } },
  ]);
  assert.throws(
    () => parseInventoryEntry({ id: 'bad', v: 'v1' }),
    /unable to parse stored object metadata: bad/,
  );
});

test('the diff of two inventories is what left the set, whatever its version', () => {
  const old = {
    entries: [
      { id: 'apps_a__ConfigMap', v: 'v1' },
      { id: 'apps_b__ConfigMap', v: 'v1' },
      { id: 'apps_hpa_autoscaling_HorizontalPodAutoscaler', v: 'v2beta2' },
    ],
  };
  const next = {
    entries: [
      { id: 'apps_a__ConfigMap', v: 'v1' },
      { id: 'apps_hpa_autoscaling_HorizontalPodAutoscaler', v: 'v2' },
    ],
  };
  assert.deepEqual(inventoryDiff(old, next), [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'apps' } },
  ]);
  assert.deepEqual(inventoryDiff(undefined, next), []);
});
