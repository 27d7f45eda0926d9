import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedServers } from './control-plane.ts';

test('a cluster runs kube-scheduler and kwok only with workloads; older states count as without', () => {
  assert.deepEqual(expectedServers({ workloads: true }), [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'kwok',
  ]);
  assert.deepEqual(expectedServers({ workloads: false }), [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
  ]);
  assert.deepEqual(expectedServers({}), ['etcd', 'kube-apiserver', 'kube-controller-manager']);
});
