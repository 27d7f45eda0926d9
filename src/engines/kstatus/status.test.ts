import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeStatus, Status } from './index.ts';

const deploy = (status: object, spec: object = { replicas: 2, progressDeadlineSeconds: 600 }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', generation: 3 },
  spec,
  status: { observedGeneration: 3, ...status },
});
const ok = [
  { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
  { type: 'Available', status: 'True' },
];

test('generic rules come first: deletion, generation, Reconciling, Stalled', () => {
  assert.equal(computeStatus(undefined).status, Status.NotFound);
  assert.equal(
    computeStatus({ kind: 'X', metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } }).status,
    Status.Terminating,
  );
  assert.deepEqual(computeStatus(deploy({ observedGeneration: 2 })), {
    status: Status.InProgress,
    message: 'Deployment generation is 3, but latest observed generation is 2',
  });
  const reconciling = {
    kind: 'Kustomization',
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    status: { conditions: [{ type: 'Reconciling', status: 'True', message: 'building' }] },
  };
  assert.deepEqual(computeStatus(reconciling), { status: Status.InProgress, message: 'building' });
  const stalled = {
    kind: 'HelmRelease',
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    status: { conditions: [{ type: 'Stalled', status: 'True', message: 'bad values' }] },
  };
  assert.equal(computeStatus(stalled).status, Status.Failed);
});

test('Deployments: counts, progress deadline, availability', () => {
  assert.deepEqual(computeStatus(deploy({ replicas: 1 })), {
    status: Status.InProgress,
    message: 'replicas: 1/2',
  });
  assert.deepEqual(
    computeStatus(deploy({ replicas: 2, updatedReplicas: 2, availableReplicas: 1 })).message,
    'Available: 1/2',
  );
  assert.deepEqual(
    computeStatus(deploy({ replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2 }))
      .message,
    'ReplicaSet not Available',
  );
  assert.deepEqual(
    computeStatus(
      deploy({ replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2, conditions: ok }),
    ),
    {
      status: Status.Current,
      message: 'Deployment is available. Replicas: 2',
    },
  );
  assert.deepEqual(
    computeStatus(
      deploy({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }),
    ),
    {
      status: Status.Failed,
      message: 'Progress deadline exceeded',
    },
  );
  assert.equal(
    computeStatus(
      deploy({ replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3, conditions: ok }),
    ).message,
    'Pending termination: 1',
  );
});

test('other built-in kinds', () => {
  assert.equal(
    computeStatus({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Pending' } }).message,
    'PVC is not Bound. phase: Pending',
  );
  assert.equal(
    computeStatus({ apiVersion: 'v1', kind: 'Service', spec: { type: 'ClusterIP' } }).status,
    Status.Current,
  );
  assert.equal(
    computeStatus({ apiVersion: 'v1', kind: 'Service', spec: { type: 'LoadBalancer' }, status: {} }).status,
    Status.InProgress,
  );
  const job = (conditions: object[]) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    spec: { completions: 1 },
    status: { startTime: 'x', succeeded: 1, conditions },
  });
  assert.equal(computeStatus(job([{ type: 'Complete', status: 'True' }])).status, Status.Current);
  assert.equal(computeStatus(job([{ type: 'Failed', status: 'True' }])).status, Status.Failed);
  const crd = (c: object[]) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    status: { conditions: c },
  });
  assert.equal(computeStatus(crd([{ type: 'Established', status: 'True' }])).status, Status.Current);
  assert.equal(
    computeStatus(crd([{ type: 'NamesAccepted', status: 'False', message: 'taken' }])).status,
    Status.Failed,
  );
  assert.equal(
    computeStatus({ apiVersion: 'v1', kind: 'Pod', status: { phase: 'Failed' } }).status,
    Status.Failed,
  );
  assert.equal(computeStatus({ apiVersion: 'v1', kind: 'ConfigMap' }).status, Status.Current);
});

test('objects with a Ready condition follow it, for the current generation only', () => {
  const ks = (ready: object, generation = 1) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { generation },
    status: { conditions: [{ type: 'Ready', observedGeneration: 1, ...ready }] },
  });
  assert.deepEqual(computeStatus(ks({ status: 'True', message: 'Applied revision: main@sha1:abc' })), {
    status: Status.Current,
    message: 'Applied revision: main@sha1:abc',
  });
  assert.equal(
    computeStatus(ks({ status: 'False', message: 'dependency not ready' })).status,
    Status.InProgress,
  );
  assert.equal(computeStatus(ks({ status: 'True' }, 2)).status, Status.InProgress);
});
