// A namespaced object without a namespace fails its dry-run as Flux words it, with a hint of what
// to set (issue 17, item 4: the seed's Kustomization failed with no hint of targetNamespace).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResourceManager } from '../../src/runtime/ssa/index.ts';
import { testClient } from '../support/cluster.ts';

test('a namespaced object with no namespace names the fix: targetNamespace', async (t) => {
  const kube = testClient(t);
  const rm = new ResourceManager(kube, { owner: { name: 'apps', namespace: 'flux-system' } });
  await assert.rejects(
    rm.applyAll([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nowhere' }, data: { x: '1' } }]),
    (e: Error) => {
      assert.match(
        e.message,
        /^ConfigMap\/nowhere namespace not specified: .* \(set spec\.targetNamespace on the Kustomization, or metadata\.namespace on the object\)$/,
      );
      return true;
    },
  );
});
