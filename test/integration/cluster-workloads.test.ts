// The workload-capable local cluster: kube-scheduler places Pods on kwok's simulated node, kwok
// reports them Running and Ready (and Job Pods Succeeded), and kube-controller-manager's workload
// controllers turn that into the status of Deployments, Jobs and DaemonSets, as on a real cluster.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAKE_NODE_NAME } from '../../src/cluster/index.ts';
import { computeStatus } from '../../src/engines/kstatus/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { eventually, testNamespace, testWorkloadClient } from '../support/cluster.ts';

const podTemplate = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'main', image: 'registry.example/app:1.0.0' }] },
});

const apps = (ns: string, resource: string) => ({ group: 'apps', version: 'v1', resource, namespace: ns });

/** Creates an apps/v1 workload of one kind whose Pods are labelled `app: <name>`. */
async function createApp(
  kube: KubeClient,
  ns: string,
  kind: 'Deployment' | 'DaemonSet',
  name: string,
  spec = {},
) {
  await kube.create(apps(ns, `${kind.toLowerCase()}s`), {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns },
    spec: { ...spec, selector: { matchLabels: { app: name } }, template: podTemplate(name) },
  });
}

async function podsOf(kube: KubeClient, ns: string, app: string) {
  const list = await kube.list<KubeObject & { spec: { nodeName?: string }; status?: { phase?: string } }>(
    { version: 'v1', resource: 'pods', namespace: ns },
    { labelSelector: `app=${app}` },
  );
  return list.items;
}

test('a Deployment of 3 replicas reaches 3/3 ready on the simulated node', async (t) => {
  const kube = testWorkloadClient(t);
  const ns = await testNamespace(t, kube, 'workloads');
  await createApp(kube, ns, 'Deployment', 'game', { replicas: 3 });
  const ready = await eventually(
    async () => {
      const d = await kube.get<KubeObject>({ ...apps(ns, 'deployments'), name: 'game' });
      const status = d.status as { readyReplicas?: number; availableReplicas?: number };
      assert.equal(status.readyReplicas, 3, `ready replicas: ${JSON.stringify(d.status)}`);
      assert.equal(status.availableReplicas, 3);
      return d;
    },
    { timeoutMs: 60_000, what: 'deployment game 3/3 ready' },
  );
  assert.equal(computeStatus(ready).status, 'Current');
  const pods = await podsOf(kube, ns, 'game');
  assert.equal(pods.length, 3);
  for (const p of pods) {
    assert.equal(p.spec.nodeName, FAKE_NODE_NAME);
    assert.equal(p.status?.phase, 'Running');
  }
});

test('a Job completes', async (t) => {
  const kube = testWorkloadClient(t);
  const ns = await testNamespace(t, kube, 'workloads');
  const jobs = { group: 'batch', version: 'v1', resource: 'jobs', namespace: ns };
  await kube.create(jobs, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: ns },
    spec: {
      completions: 2,
      template: {
        ...podTemplate('migrate'),
        spec: { ...podTemplate('migrate').spec, restartPolicy: 'Never' },
      },
    },
  });
  await eventually(
    async () => {
      const job = await kube.get<KubeObject>({ ...jobs, name: 'migrate' });
      const status = job.status as { succeeded?: number; conditions?: { type: string; status: string }[] };
      assert.equal(status.succeeded, 2, `job status: ${JSON.stringify(job.status)}`);
      assert.ok(status.conditions?.some((c) => c.type === 'Complete' && c.status === 'True'));
    },
    { timeoutMs: 60_000, what: 'job migrate complete' },
  );
  const pods = await podsOf(kube, ns, 'migrate');
  assert.ok(pods.length >= 2);
  assert.ok(pods.filter((p) => p.status?.phase === 'Succeeded').length >= 2);
});

test('a DaemonSet is scheduled to the simulated node and reports ready', async (t) => {
  const kube = testWorkloadClient(t);
  const ns = await testNamespace(t, kube, 'workloads');
  await createApp(kube, ns, 'DaemonSet', 'agent');
  await eventually(
    async () => {
      const ds = await kube.get<KubeObject>({ ...apps(ns, 'daemonsets'), name: 'agent' });
      const status = ds.status as { desiredNumberScheduled?: number; numberReady?: number };
      assert.equal(status.desiredNumberScheduled, 1, `daemonset status: ${JSON.stringify(ds.status)}`);
      assert.equal(status.numberReady, 1);
      assert.equal(computeStatus(ds).status, 'Current');
    },
    { timeoutMs: 60_000, what: 'daemonset agent ready' },
  );
  const pods = await podsOf(kube, ns, 'agent');
  assert.deepEqual(
    pods.map((p) => p.spec.nodeName),
    [FAKE_NODE_NAME],
  );
});
